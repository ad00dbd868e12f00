package org.leggio.dataset.asap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.source.AudioSources;

/**
 * Renders a performance MIDI file to the model's spectrogram with a chosen soundfont, piano
 * program and tempo factor.
 *
 * <p>The MIDI sequence is rewritten, saved to a temporary {@code .mid} and rendered by {@link
 * AudioSources#openMidi} (Gervill, 22050 Hz) into {@link Spectrograms#of} (the exact front end):
 * <ul>
 *   <li>every Program Change becomes the chosen program, and one is inserted at tick 0, before
 *       any other event of that tick, on every channel the file uses;</li>
 *   <li>bank selects (CC 0 and CC 32) are removed: some files select banks 108 or 127 on unused
 *       channels, and the General MIDI pianos are in bank 0;</li>
 *   <li>for a tempo factor f, every set-tempo value (µs per quarter) is divided by f, rounded to
 *       the microsecond, and a tempo event is added at tick 0 if the file has none there (the
 *       120 bpm default would otherwise stay unscaled). Ticks are untouched, so the rhythm is
 *       exact; the rounding drifts by at most 0.5 µs per quarter note (&lt; 1 ms per 30 minutes at
 *       120 bpm). SMPTE-timed files have their ticks scaled instead.</li>
 * </ul>
 *
 * <p>Needs the JVM flag {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED}.
 * Thread-safe: each call uses its own synthesizer.
 */
public final class PerformanceSynthesizer {
    private static final int META_SET_TEMPO = 0x51;
    private static final int DEFAULT_TEMPO_MICROS_PER_QUARTER = 500_000;
    private static final int MAX_TEMPO_MICROS_PER_QUARTER = 0xFFFFFF;
    private static final int CC_BANK_SELECT_MSB = 0;
    private static final int CC_BANK_SELECT_LSB = 32;

    /**
     * A rendered performance.
     *
     * @param spectrogram {@code [band][frameIndex]}, 92 × frames, as {@link Spectrograms#of} gives
     * @param variant how it was rendered; {@link SynthesisVariant#renderedSeconds} maps MIDI time to audio time
     * @param sourceMidi the performance MIDI file
     * @param sourceMidiDurationSeconds length of the original MIDI file (last event), seconds
     */
    public record SynthesizedPerformance(float[][] spectrogram, SynthesisVariant variant, Path sourceMidi,
            double sourceMidiDurationSeconds) {
        /** Number of spectrogram frames. */
        public int frameCount() {
            return spectrogram.length == 0 ? 0 : spectrogram[0].length;
        }

        /** Length of the spectrogram: frames / 20 s (the audio plus Gervill's 2 s release tail). */
        public double durationSeconds() {
            return frameCount() / (double) SynthesisVariant.FPS;
        }

        /** Where a moment of the performance MIDI (e.g. an aligned onset) lies in this audio, seconds. */
        public double renderedSeconds(double performanceSeconds) {
            return variant.renderedSeconds(performanceSeconds);
        }

        /** The spectrogram frame of an onset at {@code performanceSeconds}: {@link SynthesisVariant#onsetFrameIndex}. */
        public int onsetFrameIndex(double performanceSeconds) {
            return variant.onsetFrameIndex(performanceSeconds);
        }
    }

    private PerformanceSynthesizer() {}

    /**
     * Renders {@code midi} as {@code variant} says.
     *
     * @param midi a Standard MIDI File
     * @param variant soundfont, program and tempo factor
     * @return the spectrogram and the variant
     * @throws AsapDataException if the MIDI file cannot be read or the temporary file written
     * @throws org.leggio.ingest.IngestException if rendering fails (bad soundfont, no notes, JVM flag missing)
     */
    public static SynthesizedPerformance synthesize(Path midi, SynthesisVariant variant) {
        Sequence original = readSequence(midi);
        Sequence prepared = prepare(original, variant.program(), variant.tempoFactor());
        Path temp = null;
        try {
            temp = Files.createTempFile("leggio-synth-", ".mid");
            MidiSystem.write(prepared, 1, temp.toFile());
            float[][] spectrogram;
            try (AudioSource source = AudioSources.openMidi(temp, variant.bank().sf2Path())) {
                spectrogram = Spectrograms.of(source);
            }
            return new SynthesizedPerformance(spectrogram, variant, midi, original.getMicrosecondLength() / 1e6);
        } catch (IOException e) {
            throw new AsapDataException("cannot write the rewritten MIDI of " + midi + " to " + temp + ": " + e, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Renders {@code midi} with {@code bank}, General MIDI {@code program} and {@code tempoFactor}:
     * {@code synthesize(midi, new SynthesisVariant(bank, program, tempoFactor))}.
     */
    public static SynthesizedPerformance synthesize(Path midi, SoundfontBank bank, int program, double tempoFactor) {
        return synthesize(midi, new SynthesisVariant(bank, program, tempoFactor));
    }

    /** Length of a MIDI file up to its last event (end-of-track included), seconds. */
    public static double midiDurationSeconds(Path midi) {
        return readSequence(midi).getMicrosecondLength() / 1e6;
    }

    /**
     * The rewritten copy of {@code original}: program forced, bank selects dropped, time scaled
     * by {@code 1 / tempoFactor} (see the class comment). The original is not modified.
     */
    static Sequence prepare(Sequence original, int program, double tempoFactor) {
        boolean ppq = original.getDivisionType() == Sequence.PPQ;
        Sequence out;
        try {
            out = new Sequence(original.getDivisionType(), original.getResolution());
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        Track[] tracks = original.getTracks();
        TreeSet<Integer> channels = usedChannels(tracks);
        boolean tempoAtZero = ppq && hasTempoAtTickZero(tracks);
        for (int t = 0; t < tracks.length; t++) {
            Track track = out.createTrack();
            if (t == 0) {
                // Added first: Track.add puts an event after those already at its tick, so these
                // precede every original tick-0 event (the schedule sends track 0 first on ties).
                if (ppq && !tempoAtZero && tempoFactor != 1.0) {
                    track.add(new MidiEvent(tempo(scaledTempo(DEFAULT_TEMPO_MICROS_PER_QUARTER, tempoFactor)), 0));
                }
                for (int channel : channels) {
                    track.add(new MidiEvent(shortMessage(ShortMessage.PROGRAM_CHANGE, channel, program, 0), 0));
                }
            }
            for (int i = 0; i < tracks[t].size(); i++) {
                MidiEvent event = tracks[t].get(i);
                MidiMessage rewritten = rewrite(event.getMessage(), program, tempoFactor, ppq);
                if (rewritten != null) {
                    long tick = ppq ? event.getTick() : Math.round(event.getTick() / tempoFactor);
                    track.add(new MidiEvent(rewritten, tick));
                }
            }
        }
        return out;
    }

    /** The message to keep (possibly replaced), or null to drop it. End-of-track is re-created by Track. */
    private static MidiMessage rewrite(MidiMessage message, int program, double tempoFactor, boolean ppq) {
        if (message instanceof ShortMessage sm) {
            if (sm.getCommand() == ShortMessage.PROGRAM_CHANGE) {
                return shortMessage(ShortMessage.PROGRAM_CHANGE, sm.getChannel(), program, 0);
            }
            if (sm.getCommand() == ShortMessage.CONTROL_CHANGE
                    && (sm.getData1() == CC_BANK_SELECT_MSB || sm.getData1() == CC_BANK_SELECT_LSB)) {
                return null;
            }
            return sm;
        }
        if (message instanceof MetaMessage meta) {
            if (meta.getType() == 0x2F) {
                return null; // end of track: each new track already has one, kept last by Track
            }
            if (ppq && meta.getType() == META_SET_TEMPO && meta.getData().length >= 3) {
                int tempo = tempoOf(meta);
                return tempo > 0 ? tempo(scaledTempo(tempo, tempoFactor)) : meta;
            }
        }
        return message;
    }

    private static TreeSet<Integer> usedChannels(Track[] tracks) {
        TreeSet<Integer> channels = new TreeSet<>();
        for (Track track : tracks) {
            for (int i = 0; i < track.size(); i++) {
                if (track.get(i).getMessage() instanceof ShortMessage sm && sm.getCommand() >= 0x80
                        && sm.getCommand() < 0xF0) {
                    channels.add(sm.getChannel());
                }
            }
        }
        return channels;
    }

    private static boolean hasTempoAtTickZero(Track[] tracks) {
        for (Track track : tracks) {
            for (int i = 0; i < track.size() && track.get(i).getTick() == 0; i++) {
                if (track.get(i).getMessage() instanceof MetaMessage meta && meta.getType() == META_SET_TEMPO
                        && meta.getData().length >= 3 && tempoOf(meta) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int tempoOf(MetaMessage meta) {
        byte[] d = meta.getData();
        return (d[0] & 0xff) << 16 | (d[1] & 0xff) << 8 | (d[2] & 0xff);
    }

    private static int scaledTempo(int microsPerQuarter, double tempoFactor) {
        long scaled = Math.round(microsPerQuarter / tempoFactor);
        return (int) Math.max(1, Math.min(MAX_TEMPO_MICROS_PER_QUARTER, scaled));
    }

    private static MetaMessage tempo(int microsPerQuarter) {
        byte[] data = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
        try {
            return new MetaMessage(META_SET_TEMPO, data, 3);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ShortMessage shortMessage(int command, int channel, int data1, int data2) {
        try {
            return new ShortMessage(command, channel, data1, data2);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Sequence readSequence(Path midi) {
        if (!Files.isRegularFile(midi)) {
            throw new AsapDataException("MIDI file not found: " + midi);
        }
        try {
            return MidiSystem.getSequence(midi.toFile());
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new AsapDataException("not a readable MIDI file: " + midi + " (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /** For tests: the program changes of a sequence as "channel:program@tick". */
    static List<String> programChanges(Sequence sequence) {
        List<String> out = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                if (track.get(i).getMessage() instanceof ShortMessage sm
                        && sm.getCommand() == ShortMessage.PROGRAM_CHANGE) {
                    out.add(sm.getChannel() + ":" + sm.getData1() + "@" + track.get(i).getTick());
                }
            }
        }
        return out;
    }
}
