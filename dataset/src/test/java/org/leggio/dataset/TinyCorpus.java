package org.leggio.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A corpus in the layout of {@code shared/data/asap}, made by the test: each piece is a MusicXML
 * score of 4/4 bars of quarter notes (note k has id {@code n<k>}), optionally with bars 1–2
 * repeated and an invisible cue note in bar 3; its one performance plays the unfolded notes every
 * {@link #SECONDS_PER_NOTE} s from {@link #FIRST_ONSET_SECONDS}, with a matching note alignment.
 */
final class TinyCorpus {
    static final double FIRST_ONSET_SECONDS = 0.5;
    static final double SECONDS_PER_NOTE = 0.5;
    static final String CUE_NOTE_ID = "c0";

    /** One performed note: its id, repeat pass and onset. */
    record Played(String noteId, int pass, double onsetSeconds, int midiPitch) {}

    private final Path dir;
    private final List<String> manifest = new ArrayList<>();
    private final List<String> performances = new ArrayList<>();

    TinyCorpus(Path dir) {
        this.dir = dir;
    }

    /** Adds a piece with one performance; returns the performed notes in order. */
    List<Played> piece(String pieceId, int bars, boolean repeatFirstTwoBars, boolean cueNote) throws Exception {
        String folder = "Tests/" + pieceId;
        Path base = Files.createDirectories(dir.resolve(folder));
        Files.writeString(base.resolve("xml_score.musicxml"), musicXml(pieceId, bars, repeatFirstTwoBars, cueNote));
        List<Integer> order = new ArrayList<>();
        if (repeatFirstTwoBars) {
            order.addAll(List.of(0, 1));
        }
        for (int bar = 0; bar < bars; bar++) {
            order.add(bar);
        }
        List<Played> played = new ArrayList<>();
        int[] passes = new int[bars];
        double t = FIRST_ONSET_SECONDS;
        for (int bar : order) {
            int pass = ++passes[bar];
            for (int beat = 0; beat < 4; beat++, t += SECONDS_PER_NOTE) {
                int k = bar * 4 + beat;
                played.add(new Played("n" + k, pass, t, pitch(k)));
                if (cueNote && bar == 2 && beat == 1) {
                    played.add(new Played(CUE_NOTE_ID, pass, t + 0.1, 79));
                }
            }
        }
        writeMidi(base.resolve("P1.mid"), played);
        StringBuilder tsv = new StringBuilder("xml_id\tmidi_id\ttrack\tchannel\tpitch\tonset\n");
        for (int i = 0; i < played.size(); i++) {
            Played p = played.get(i);
            tsv.append(p.noteId()).append('-').append(p.pass()).append("\tn").append(i).append("\t1\t0\t")
                    .append(p.midiPitch()).append('\t').append(p.onsetSeconds()).append('\n');
        }
        tsv.append("insertion\tn999\t1\t0\t70\t1.2345\n");
        Files.createDirectories(base.resolve("P1_note_alignments"));
        Files.writeString(base.resolve("P1_note_alignments/note_alignment.tsv"), tsv);
        Files.writeString(base.resolve("P1_annotations.txt"), "0.5\t0.5\tdb,4/4,0\n");
        manifest.add(pieceId + ",Tester,\"Piece " + pieceId + "\"," + folder + "," + folder + "/xml_score.musicxml,P1,"
                + played.size() + "," + bars * 4 + ",0,1,no");
        performances.add(pieceId + "," + folder + ",P1,tester," + folder + "/P1.mid," + folder
                + "/P1_note_alignments/note_alignment.tsv," + folder + "/P1_annotations.txt," + played.size() + ",0,1,"
                + (repeatFirstTwoBars ? 2 : 1) + ",0,0,1,no");
        return played;
    }

    /** Writes manifest.csv and performances.csv; returns the corpus folder. */
    Path write() throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "piece_id,composer,title,folder,score_path,performance_ids,"
                + "n_aligned_notes,n_score_notes,n_invisible_score_notes,n_robust_performances_in_source,metadata_path_bug\n"
                + String.join("\n", manifest) + "\n");
        Files.writeString(dir.resolve("performances.csv"), "piece_id,folder,performance_id,performer_key,midi_path,"
                + "note_alignment_path,annotations_path,n_aligned_notes,n_deleted_score_notes,n_inserted_perf_notes,"
                + "max_repeat_pass,n_aligned_to_invisible_notes,n_aligned_ids_not_in_score,n_annotation_lines,"
                + "has_maestro_audio\n" + String.join("\n", performances) + "\n");
        return dir;
    }

    static int pitch(int k) {
        int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
        return scale[k % scale.length];
    }

    private static String musicXml(String title, int bars, boolean repeat, boolean cue) {
        String[] steps = {"C", "D", "E", "F", "G", "A", "B", "C"};
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<score-partwise version=\"4.0\">"
                + "<work><work-title>" + title + "</work-title></work><part-list><score-part id=\"P1\"><part-name>Piano"
                + "</part-name></score-part></part-list><part id=\"P1\">\n");
        for (int bar = 0; bar < bars; bar++) {
            xml.append("<measure number=\"").append(bar + 1).append("\">");
            if (bar == 0) {
                xml.append("<attributes><divisions>1</divisions><key><fifths>0</fifths></key><time><beats>4</beats>"
                        + "<beat-type>4</beat-type></time><clef><sign>G</sign><line>2</line></clef></attributes>");
            }
            for (int beat = 0; beat < 4; beat++) {
                int k = bar * 4 + beat;
                xml.append("<note id=\"n").append(k).append("\"><pitch><step>").append(steps[k % 8]).append("</step><octave>")
                        .append(k % 8 == 7 ? 5 : 4).append("</octave></pitch><duration>1</duration><voice>1</voice>"
                                + "<type>quarter</type></note>");
            }
            if (cue && bar == 2) {
                xml.append("<backup><duration>3</duration></backup><note id=\"").append(CUE_NOTE_ID)
                        .append("\" print-object=\"no\"><cue/><pitch><step>G</step><octave>5</octave></pitch>"
                                + "<duration>1</duration><voice>2</voice><type>quarter</type></note>"
                                + "<forward><duration>2</duration></forward>");
            }
            if (repeat && bar == 1) {
                xml.append("<barline location=\"right\"><bar-style>light-heavy</bar-style><repeat direction=\"backward\"/>"
                        + "</barline>");
            }
            xml.append("</measure>\n");
        }
        return xml.append("</part></score-partwise>\n").toString();
    }

    private static void writeMidi(Path file, List<Played> notes) throws Exception {
        int ppq = 480; // 120 bpm: 960 ticks per second
        Sequence sequence = new Sequence(Sequence.PPQ, ppq);
        Track track = sequence.createTrack();
        byte[] tempo = {0x07, (byte) 0xA1, 0x20}; // 500000 µs per quarter
        track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), 0));
        for (Played p : notes) {
            long on = Math.round(p.onsetSeconds() * 960);
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, p.midiPitch(), 100), on));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, p.midiPitch(), 0), on + 400));
        }
        MidiSystem.write(sequence, 1, file.toFile());
    }
}
