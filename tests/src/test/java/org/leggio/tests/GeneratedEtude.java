package org.leggio.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A generated piece whose answer is known: 24 bars of a random single-line melody in 3/4 (MusicXML, for
 * the project's engraver) and a MIDI performance of exactly its notes at 120 quarter notes per minute
 * after a 1-s lead-in, so score beat b is played at {@code 1 + 0.5 b} seconds.
 */
final class GeneratedEtude {
    static final int BARS = 24;
    static final double SECONDS_PER_BEAT = 0.5;
    static final double LEAD_IN_SECONDS = 1.0;

    /** Bar, start (eighths), length (eighths) and MIDI pitch of every note. */
    private static final List<int[]> NOTES = compose(7);

    private GeneratedEtude() {
    }

    private static List<int[]> compose(long seed) {
        List<int[]> notes = new ArrayList<>();
        Random random = new Random(seed);
        int pitch = 67;
        for (int bar = 0; bar < BARS; bar++) {
            int eighths = 0;
            while (eighths < 6) {
                int length = eighths <= 4 && random.nextBoolean() ? 2 : 1;
                pitch = Math.max(55, Math.min(84, pitch + random.nextInt(9) - 4));
                notes.add(new int[] {bar, eighths, length, pitch});
                eighths += length;
            }
        }
        return notes;
    }

    /** The score beat played at {@code seconds} into the performance. */
    static double beatAt(double seconds) {
        return (seconds - LEAD_IN_SECONDS) / SECONDS_PER_BEAT;
    }

    static String musicXml() {
        return musicXml(NOTES);
    }

    /** Another etude of the same shape (a different melody) for every seed. */
    static String musicXml(long seed) {
        return musicXml(compose(seed));
    }

    static void writeMidi(Path file, long seed) throws Exception {
        writeMidi(file, compose(seed));
    }

    static void writeMidi(Path file) throws Exception {
        writeMidi(file, NOTES);
    }

    private static String musicXml(List<int[]> notes) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><score-partwise version=\"4.0\"><part-list>"
                + "<score-part id=\"P1\"><part-name>Piano</part-name></score-part></part-list><part id=\"P1\">");
        String[] names = {"C", "C", "D", "D", "E", "F", "F", "G", "G", "A", "A", "B"};
        int[] alters = {0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0};
        int bar = -1;
        for (int[] note : notes) {
            if (note[0] != bar) {
                if (bar >= 0) {
                    xml.append("</measure>");
                }
                bar = note[0];
                xml.append("<measure number=\"").append(bar + 1).append("\">");
                if (bar == 0) {
                    xml.append("<attributes><divisions>2</divisions><time><beats>3</beats><beat-type>4</beat-type></time>"
                            + "<clef><sign>G</sign><line>2</line></clef></attributes>");
                }
            }
            int pc = note[3] % 12;
            xml.append("<note><pitch><step>").append(names[pc]).append("</step>");
            if (alters[pc] != 0) {
                xml.append("<alter>1</alter>");
            }
            xml.append("<octave>").append(note[3] / 12 - 1).append("</octave></pitch><duration>").append(note[2])
                    .append("</duration><type>").append(note[2] == 2 ? "quarter" : "eighth").append("</type>");
            if (alters[pc] != 0) {
                xml.append("<accidental>sharp</accidental>");
            }
            xml.append("</note>");
        }
        return xml.append("</measure></part></score-partwise>").toString();
    }

    private static void writeMidi(Path file, List<int[]> notes) throws Exception {
        int ppq = 480;
        Sequence sequence = new Sequence(Sequence.PPQ, ppq);
        Track track = sequence.createTrack();
        int microsPerQuarter = (int) (SECONDS_PER_BEAT * 1_000_000);
        byte[] tempo = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
        track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), 0));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 0));
        long leadIn = (long) (LEAD_IN_SECONDS / SECONDS_PER_BEAT * ppq);
        for (int[] note : notes) {
            long start = leadIn + (long) note[0] * 3 * ppq + (long) note[1] * ppq / 2;
            long end = start + (long) note[2] * ppq / 2 - 10;
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, note[3], 90), start));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, note[3], 0), end));
        }
        MidiSystem.write(sequence, 1, file.toFile());
    }
}
