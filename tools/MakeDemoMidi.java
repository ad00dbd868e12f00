import java.io.File;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Writes the bundled demo performance: J. S. Bach, Prelude in C major, BWV 846, bars 1-11
 * (public domain), as a type-1 MIDI file at 66 quarter notes per minute with velocity shaping
 * and a ritardando into the last bar.
 *
 * <p>Run: {@code java tools/MakeDemoMidi.java app/src/main/resources/org/leggio/app/demo/bwv846-bars1-11.mid}
 */
public class MakeDemoMidi {
    static final int[][] BARS = {
        {60, 64, 67, 72, 76}, {60, 62, 69, 74, 77}, {59, 62, 67, 74, 77}, {60, 64, 67, 72, 76},
        {60, 64, 69, 76, 81}, {60, 62, 66, 69, 74}, {59, 62, 67, 74, 79}, {59, 60, 64, 67, 72},
        {57, 60, 64, 67, 72}, {50, 57, 62, 66, 72}, {55, 59, 62, 67, 71},
    };
    static final int PPQ = 480;

    public static void main(String[] args) throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
        Track track = sequence.createTrack();
        int microsPerQuarter = 60_000_000 / 66;
        byte[] tempo = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
        track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), 0));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 0));
        int sixteenth = PPQ / 4;
        long tick = 0;
        for (int bar = 0; bar < BARS.length; bar++) {
            int[] n = BARS[bar];
            for (int half = 0; half < 2; half++) {
                long start = tick;
                note(track, n[0], 70, start, 8 * sixteenth);
                note(track, n[1], 60, start + sixteenth, 7 * sixteenth);
                int[] upper = {n[2], n[3], n[4], n[2], n[3], n[4]};
                for (int i = 0; i < 6; i++) {
                    long at = start + (2 + (i % 3) + (i / 3) * 3) * sixteenth;
                    note(track, upper[i], 55 + 8 * (i % 3), at, sixteenth);
                }
                tick += 8 * sixteenth;
            }
        }
        // A ritardando into the last bar, as players do.
        track.add(new MidiEvent(new MetaMessage(0x51, tempo(60_000_000 / 58), 3), 10L * 16 * sixteenth));
        MidiSystem.write(sequence, 1, new File(args[0]));
    }

    static byte[] tempo(int micros) {
        return new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros};
    }

    static void note(Track track, int key, int velocity, long tick, long length) throws Exception {
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, key, velocity), tick));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, key, 0), tick + length - 10));
    }
}
