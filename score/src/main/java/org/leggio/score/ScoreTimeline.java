package org.leggio.score;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.leggio.score.internal.musicxml.MusicXmlMeasure;
import org.leggio.score.internal.musicxml.MusicXmlNote;
import org.leggio.score.internal.musicxml.MusicXmlScore;
import org.leggio.score.internal.musicxml.PlayedMeasure;

/**
 * A MusicXML score's time line as performed: measures in performance order (repeats, voltas,
 * D.C./D.S./coda unfolded) and where each note's k-th performance falls, in quarter notes from the
 * start of the unfolded score ({@code unfoldedBeats}). Immutable and thread-safe after {@link #read}.
 */
public final class ScoreTimeline {
    /**
     * One measure as played.
     *
     * @param measureIndex 0-based written-order index
     * @param pass 1 the first time it is played, 2 the second, …
     * @param startUnfoldedBeats its start in the unfolded score, quarter notes
     * @param durationBeats its length, quarter notes
     */
    public record PlayedBar(int measureIndex, int pass, double startUnfoldedBeats, double durationBeats) {}

    /**
     * A pitched note as played in the unfolded score.
     *
     * @param onsetUnfoldedBeats its onset in the unfolded score, quarter notes
     * @param durationBeats its notated duration, quarter notes (0 for a grace note)
     * @param midiPitch MIDI key number (C4 = 60)
     * @param struck false when it is tied from the previous note: it sounds on without a new onset
     */
    public record PlayedNote(double onsetUnfoldedBeats, double durationBeats, int midiPitch, boolean struck) {}

    private final MusicXmlScore score;
    private final List<PlayedBar> played;
    /** Per played bar: its start in notated beats, and its beat in quarter notes. */
    private final double[] barStartNotatedBeats;
    private final double[] barBeatUnitQuarters;
    private final Map<Long, PlayedBar> byMeasureAndPass = new HashMap<>();

    private ScoreTimeline(MusicXmlScore score) {
        this.score = score;
        List<PlayedBar> bars = new ArrayList<>();
        List<PlayedMeasure> unfolded = score.unfold();
        barStartNotatedBeats = new double[unfolded.size()];
        barBeatUnitQuarters = new double[unfolded.size()];
        double beats = 0;
        double notated = 0;
        for (PlayedMeasure measure : unfolded) {
            MusicXmlMeasure written = score.measures().get(measure.measureIndex());
            PlayedBar bar = new PlayedBar(measure.measureIndex(), measure.pass(), beats, written.durationBeats());
            // a score without a time signature counts quarter notes
            double unit = written.beatUnitQuarters() > 0 ? written.beatUnitQuarters() : 1;
            barStartNotatedBeats[bars.size()] = notated;
            barBeatUnitQuarters[bars.size()] = unit;
            bars.add(bar);
            byMeasureAndPass.putIfAbsent(key(measure.measureIndex(), measure.pass()), bar);
            beats += written.durationBeats();
            notated += written.durationBeats() / unit;
        }
        this.played = List.copyOf(bars);
    }

    /**
     * Reads a {@code .musicxml}/{@code .xml}/{@code .mxl} file.
     *
     * @throws ScoreException if it is not readable MusicXML
     */
    public static ScoreTimeline read(Path musicXml) {
        return new ScoreTimeline(MusicXmlScore.read(musicXml));
    }

    /** The timeline of an already parsed score. */
    static ScoreTimeline of(MusicXmlScore score) {
        return new ScoreTimeline(score);
    }

    /** Number of measures as written. */
    public int measureCount() {
        return score.measures().size();
    }

    /** The printed number of measure {@code measureIndex}. */
    public String measureLabel(int measureIndex) {
        return score.measures().get(measureIndex).number();
    }

    /** The measures in performance order. */
    public List<PlayedBar> played() {
        return played;
    }

    /**
     * A position in the unfolded score counted in notated beats, the time signature's beat unit (a half
     * note in 2/2, an eighth in 6/8, a quarter in 3/4), as partitura's {@code beat_map} counts them and
     * so the matchmaker benchmark's beat errors and tracking rate do. Positions before the first bar or
     * past the last are extended at the nearest bar's beat.
     *
     * @param unfoldedBeats a position in the unfolded score, quarter notes
     */
    public double notatedBeats(double unfoldedBeats) {
        if (played.isEmpty()) {
            return unfoldedBeats;
        }
        int lo = 0;
        int hi = played.size() - 1;
        while (lo < hi) { // the last bar starting at or before the position
            int mid = (lo + hi + 1) >>> 1;
            if (played.get(mid).startUnfoldedBeats() <= unfoldedBeats) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return barStartNotatedBeats[lo] + (unfoldedBeats - played.get(lo).startUnfoldedBeats()) / barBeatUnitQuarters[lo];
    }

    /** Whether the score has a note with this id. */
    public boolean hasNote(String noteId) {
        return score.note(noteId).isPresent();
    }

    /** Written-order index of the measure holding the note. */
    public int measureIndexOf(String noteId) {
        return score.noteMeasureIndex(noteId);
    }

    /**
     * The note a renderer draws for {@code noteId}: itself if visible, else the nearest preceding
     * visible note (invisible notes are playback realisations of ornaments).
     */
    public Optional<String> drawnNoteFor(String noteId) {
        return score.visibleAnchor(noteId);
    }

    /**
     * Where the note's {@code pass}-th performance falls in the unfolded score, quarter notes; empty
     * if its measure is not played that many times in the unfolded order.
     */
    public OptionalDouble unfoldedOnsetBeats(String noteId, int pass) {
        Optional<MusicXmlNote> note = score.note(noteId);
        if (note.isEmpty()) {
            return OptionalDouble.empty();
        }
        PlayedBar bar = byMeasureAndPass.get(key(note.get().measureIndex(), pass));
        return bar == null ? OptionalDouble.empty() : OptionalDouble.of(bar.startUnfoldedBeats() + note.get().onsetBeats());
    }

    /**
     * Every pitched note in performance order (repeats unfolded), sorted by onset: what a listener hears,
     * for note-level alignment. Notes without an {@code id} are included. Computed at each call.
     */
    public List<PlayedNote> playedNotes() {
        Map<Integer, List<org.leggio.score.internal.musicxml.SoundingNote>> byMeasure = new HashMap<>();
        for (var note : score.soundingNotes()) {
            byMeasure.computeIfAbsent(note.measureIndex(), k -> new ArrayList<>()).add(note);
        }
        List<PlayedNote> notes = new ArrayList<>();
        for (PlayedBar bar : played) {
            for (var note : byMeasure.getOrDefault(bar.measureIndex(), List.of())) {
                notes.add(new PlayedNote(bar.startUnfoldedBeats() + note.onsetBeats(), note.durationBeats(),
                        note.midiPitch(), !note.tiedFromPrevious()));
            }
        }
        notes.sort(java.util.Comparator.comparingDouble(PlayedNote::onsetUnfoldedBeats));
        return notes;
    }

    /** {@link #playedNotes()} as stored in a {@code ScoreIndex}. */
    public org.leggio.proto.v1.PlayedNotes playedNotesProto() {
        org.leggio.proto.v1.PlayedNotes.Builder notes = org.leggio.proto.v1.PlayedNotes.newBuilder();
        for (PlayedNote note : playedNotes()) {
            notes.addOnsetBeats(note.onsetUnfoldedBeats()).addDurationBeats((float) note.durationBeats())
                    .addMidiPitch(note.midiPitch()).addStruck(note.struck());
        }
        return notes.build();
    }

    /** Title, composer, movement as the MusicXML gives them (empty when absent). */
    public Optional<String> title() {
        return score.title();
    }

    public Optional<String> composer() {
        return score.composer();
    }

    private static long key(int measureIndex, int pass) {
        return ((long) measureIndex << 16) | pass;
    }
}
