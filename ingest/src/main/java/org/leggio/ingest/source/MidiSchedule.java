package org.leggio.ingest.source;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Converts a {@link Sequence}'s ticks to microseconds and sends its events, time-stamped, to a
 * receiver: the offline equivalent of a {@code Sequencer}, as in Gervill's {@code Midi2WavRender}.
 *
 * <p>Tracks are merged in tick order (ties: lower track first, then file order). With PPQ
 * division, time advances by {@code tempo / resolution} µs per tick, where the tempo (µs per
 * quarter note, default 500000 = 120 bpm) changes at every set-tempo meta event (type 0x51) of
 * any track. With SMPTE division a tick lasts {@code 1e6 / (framesPerSecond * resolution)} µs and
 * tempo events are ignored. Meta events are not sent, but count for the end time.
 */
final class MidiSchedule {
    /** Microseconds per quarter note before the first set-tempo event (120 bpm). */
    static final long DEFAULT_TEMPO_MICROS_PER_QUARTER = 500_000L;

    private static final int META_SET_TEMPO = 0x51;

    private final Sequence sequence;
    private final boolean ppq;
    private long segmentTick;
    private long segmentMicros;
    private long tempoMicrosPerQuarter = DEFAULT_TEMPO_MICROS_PER_QUARTER;

    private MidiSchedule(Sequence sequence) {
        this.sequence = sequence;
        this.ppq = sequence.getDivisionType() == Sequence.PPQ;
    }

    /**
     * Sends every non-meta event of {@code sequence} to {@code receiver} with its time in µs
     * since the start of the sequence.
     *
     * @return the time of the last event of any kind (end-of-track included), µs
     */
    static long sendAll(Sequence sequence, Receiver receiver) {
        return new MidiSchedule(sequence).run(receiver);
    }

    /** Number of note-on messages with a velocity &gt; 0 in all tracks. */
    static int countNotes(Sequence sequence) {
        int notes = 0;
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                if (isNoteOn(track.get(i).getMessage())) {
                    notes++;
                }
            }
        }
        return notes;
    }

    private static boolean isNoteOn(MidiMessage message) {
        return message instanceof ShortMessage
                && ((ShortMessage) message).getCommand() == ShortMessage.NOTE_ON
                && ((ShortMessage) message).getData2() > 0;
    }

    private long run(Receiver receiver) {
        Track[] tracks = sequence.getTracks();
        int[] next = new int[tracks.length];
        long lastMicros = 0;
        int track;
        while ((track = earliestTrack(tracks, next)) >= 0) {
            MidiEvent event = tracks[track].get(next[track]++);
            long micros = toMicros(event.getTick());
            MidiMessage message = event.getMessage();
            if (message instanceof MetaMessage) {
                onMeta((MetaMessage) message, event.getTick(), micros);
            } else {
                receiver.send(message, micros);
            }
            lastMicros = Math.max(lastMicros, micros);
        }
        return lastMicros;
    }

    private static int earliestTrack(Track[] tracks, int[] next) {
        int best = -1;
        long bestTick = Long.MAX_VALUE;
        for (int t = 0; t < tracks.length; t++) {
            if (next[t] < tracks[t].size()) {
                long tick = tracks[t].get(next[t]).getTick();
                if (tick < bestTick) {
                    best = t;
                    bestTick = tick;
                }
            }
        }
        return best;
    }

    private void onMeta(MetaMessage meta, long tick, long micros) {
        byte[] data = meta.getData();
        if (!ppq || meta.getType() != META_SET_TEMPO || data.length < 3) {
            return;
        }
        long tempo = (data[0] & 0xffL) << 16 | (data[1] & 0xffL) << 8 | (data[2] & 0xffL);
        if (tempo > 0) {
            segmentTick = tick;
            segmentMicros = micros;
            tempoMicrosPerQuarter = tempo;
        }
    }

    /** Time of {@code tick}; ticks arrive in non-decreasing order. */
    private long toMicros(long tick) {
        if (ppq) {
            return segmentMicros + (tick - segmentTick) * tempoMicrosPerQuarter / sequence.getResolution();
        }
        double ticksPerSecond = (double) sequence.getDivisionType() * sequence.getResolution();
        return Math.round(tick * 1e6 / ticksPerSecond);
    }
}
