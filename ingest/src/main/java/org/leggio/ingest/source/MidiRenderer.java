package org.leggio.ingest.source;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequence;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFormat;
import org.leggio.ingest.IngestException;
import org.leggio.proto.v1.AudioSourceKind;

/**
 * Renders a Standard MIDI File offline with Gervill as a streamed {@link PcmStreamSource}: 22050 Hz
 * 16-bit stereo, mixed to mono by the integer mean, lasting until the last event plus a tail.
 */
final class MidiRenderer {
    private static final String WHAT = "MIDI file";

    private MidiRenderer() {}

    /** Opens {@code midi} rendered with {@code soundfont}, or with the synthesizer's default bank if null. */
    static PcmStreamSource open(Path midi, Path soundfont, long startEpochMicros) {
        FileChecks.requireReadableFile(midi, WHAT);
        Soundbank bank = soundfont == null ? null : SoundfontLoader.load(soundfont);
        Sequence sequence = readSequence(midi);
        if (MidiSchedule.countNotes(sequence) == 0) {
            throw new IngestException("MIDI file has no notes (nothing to render): " + midi);
        }
        AudioFormat format = new AudioFormat(AudioSources.MIDI_SAMPLE_RATE_HZ, 16, 2, true, false);
        GervillBridge.Rendering rendering = GervillBridge.open(format, midi);
        Synthesizer synth = rendering.synthesizer();
        try {
            if (bank != null) {
                replaceInstruments(synth, bank, soundfont);
            }
            long lastEventMicros = MidiSchedule.sendAll(sequence, synth.getReceiver());
            long frames = framesFor(lastEventMicros + AudioSources.MIDI_TAIL_MICROS);
            return new PcmStreamSource(rendering.stream(), SampleDecoder.forFormat(format), frames,
                    AudioSources.MIDI_SAMPLE_RATE_HZ, AudioSourceKind.AUDIO_SOURCE_KIND_MIDI, midi.toString(),
                    startEpochMicros, synth::close);
        } catch (MidiUnavailableException e) {
            synth.close();
            throw new IngestException("cannot start the MIDI synthesizer for " + midi + ": " + e, e);
        } catch (RuntimeException e) {
            synth.close();
            throw e;
        }
    }

    /** Number of frames at the MIDI rate that cover {@code micros}, rounded up. */
    static long framesFor(long micros) {
        long rate = AudioSources.MIDI_SAMPLE_RATE_HZ;
        return (micros * rate + 999_999L) / 1_000_000L;
    }

    private static Sequence readSequence(Path midi) {
        try {
            return MidiSystem.getSequence(midi.toFile());
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new IngestException("not a readable MIDI file: " + midi + " (" + e.getMessage() + ")", e);
        }
    }

    private static void replaceInstruments(Synthesizer synth, Soundbank bank, Path soundfont) {
        Soundbank defaultBank = synth.getDefaultSoundbank();
        if (defaultBank != null) {
            synth.unloadAllInstruments(defaultBank);
        }
        boolean loaded;
        try {
            loaded = synth.loadAllInstruments(bank);
        } catch (IllegalArgumentException e) {
            throw new IngestException("cannot load soundfont " + soundfont + ": " + e.getMessage(), e);
        }
        if (!loaded) {
            throw new IngestException("cannot load soundfont " + soundfont
                    + ": the synthesizer rejected its instruments");
        }
    }
}
