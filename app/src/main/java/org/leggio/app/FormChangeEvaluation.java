package org.leggio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.leggio.dataset.follow.EditedPerformance;
import org.leggio.dataset.follow.FollowingPerformance;
import org.leggio.dataset.follow.FormChanges;
import org.leggio.dataset.follow.TruthNote;
import org.leggio.matcher.eval.ReacquireMetrics;
import org.leggio.matcher.eval.Report;
import org.leggio.matcher.eval.TruthEvent;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.notes.OtherPieceConfig;
import org.leggio.matcher.notes.ScoreNotes;
import org.leggio.matcher.session.MatcherSession;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.model.Embedder;
import org.leggio.proto.v1.ScoreIndex;

/**
 * The constructed form changes of `leggio eval follow --form-changes`: each performance edited to skip
 * a repeat, take one twice, restart 8 bars back, stop and resume, and jump into another piece; the
 * session follows the edited audio and we measure the time to re-acquire after each edit (within 1
 * beat of the truth for 2 s) and the page turns meanwhile.
 *
 * <p>Re-acquisition is measured twice: in beats of the unfolded score (the first and second playing of a
 * repeat are different places) and in beats of the written score (they are the same place on the page,
 * which is what the viewer shows and a page-turner needs). The two differ only where the music repeats.
 * Page turns are those of the pages the viewer shows (the session's turns, which need confidence), as
 * {@code eval follow} counts them; the count on every following position's page is kept beside it.
 */
final class FormChangeEvaluation {
    interface Embeddings {
        float[][] of(FollowingPerformance performance) throws IOException;
    }

    interface Scores {
        ScoreIndex of(FollowingPerformance performance);
    }

    /**
     * One edit's re-acquisition, by unfolded beats and by place on the page (written beats), with the pages the
     * viewer shows; and the wrong turns until the unfolded re-acquisition counted on every following position's
     * page instead (how the form changes were counted before 2026-11-29).
     */
    record Outcome(ReacquireMetrics.Reacquisition unfolded, ReacquireMetrics.Reacquisition onPage,
            int wrongTurnsEveryPosition, int wrongPieceSwitches) {}

    private final Map<String, List<Outcome>> byChange = new LinkedHashMap<>();
    private final Path tracks;

    private final NoteAlignerConfig noteConfig;
    private final OtherPieceConfig otherPiece;
    private final Set<String> kinds;

    /**
     * @param tracks where to write each edited performance's track CSV and plot (null: nowhere)
     * @param noteConfig note-level refinement and jump check with the notes of whichever piece the session
     *     follows, as the service does (null: none)
     * @param otherPiece with the notes, the search for the players in the other piece by them
     * @param kinds the edits to make, by {@link EditedPerformance#name()} (see {@link #kinds})
     */
    FormChangeEvaluation(Path tracks, NoteAlignerConfig noteConfig, OtherPieceConfig otherPiece,
            Set<String> kinds) {
        this.tracks = tracks;
        this.noteConfig = noteConfig;
        this.otherPiece = otherPiece;
        this.kinds = Set.copyOf(kinds);
    }

    /** Every edit's name, in the order they are made. */
    static final List<String> ALL_KINDS = List.of(FormChanges.SKIP_REPEAT, FormChanges.REPEAT_TWICE,
            FormChanges.RESTART, FormChanges.STOP_AND_RESUME, FormChanges.JUMP_TO_OTHER_PIECE);

    /**
     * The edits named (all when {@code names} is null or empty).
     *
     * @throws IllegalArgumentException naming an unknown edit and the known ones
     */
    static Set<String> kinds(List<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.copyOf(ALL_KINDS);
        }
        for (String name : names) {
            if (!ALL_KINDS.contains(name)) {
                throw new IllegalArgumentException("unknown form change '" + name + "'; known: "
                        + String.join(", ", ALL_KINDS));
            }
        }
        return Set.copyOf(names);
    }

    void run(List<FollowingPerformance> performances, Embedder embedder, Embeddings embeddings, Scores scores,
            SessionConfig config) throws IOException {
        for (int i = 0; i < performances.size(); i++) {
            FollowingPerformance p = performances.get(i);
            FollowingPerformance other = otherPiece(performances, i);
            // each piece's notes are read once for all its edits
            Map<String, ScoreNotes> pieceNotes = new HashMap<>();
            for (EditedPerformance edited : FormChanges.all(p, other)) {
                if (!kinds.contains(edited.name())) {
                    continue;
                }
                List<ScoreIndex> pieces = new ArrayList<>();
                pieces.add(scores.of(p));
                if (edited.sources().size() > 1) {
                    pieces.add(scores.of(other));
                }
                float[][] audio = AudioEmbeddingRun.embedEdited(embedder, edited, s -> {
                    try {
                        return embeddings.of(edited.sources().get(s));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                boolean[] audible = SilenceGate.audible(edited.spectrogram(), audio.length);
                PieceLibrary library = PieceLibrary.of(pieces);
                List<MatcherSession.Output> outputs = new ArrayList<>(audio.length);
                if (noteConfig != null) {
                    pieceNotes.computeIfAbsent(pieces.get(0).getPieceId(), id -> NoteRefinement.notesOf(p.musicXml()));
                    if (pieces.size() > 1) {
                        pieceNotes.computeIfAbsent(pieces.get(1).getPieceId(),
                                id -> NoteRefinement.notesOf(other.musicXml()));
                    }
                    NoteRefinement.follow(library, config, audio, audible, edited.spectrogram(), pieceNotes::get,
                            noteConfig, otherPiece, true)
                            .forEach(outputs::add);
                } else {
                    MatcherSession session = MatcherSession.following(library, pieces.get(0).getPieceId(), config);
                    for (int e = 0; e < audio.length; e++) {
                        outputs.add(session.step(audio[e], AudioEmbeddingRun.frameOf(e), audible[e]));
                    }
                }
                List<TrackedPosition> positions = outputs.stream().map(MatcherSession.Output::position).toList();
                // the pages the viewer shows (the session's turns), as `eval follow` counts them
                List<Report> shown = EvalFollowCommand.reports(outputs);
                List<TruthNote> notes = edited.truth();
                if (tracks != null) {
                    Files.createDirectories(tracks);
                    String stem = p.key() + "-" + edited.name();
                    TrackCsv.write(tracks.resolve(stem + ".csv"), positions);
                    TrackPlot.write(tracks.resolve(stem + ".png"), stem + " (edits at " + java.util.Arrays.toString(
                            edited.editTimesSeconds()) + " s)", positions, notes.stream()
                            .filter(n -> Double.isFinite(n.scoreBeat()))
                            .map(n -> new TrackPlot.TruePoint(n.timeSeconds(), n.scoreBeat())).toList(), true);
                }
                var unfolded = ReacquireMetrics.evaluate(truth(notes, library, false),
                        reports(positions, shown, library, false), edited.editTimesSeconds());
                var onPage = ReacquireMetrics.evaluate(truth(notes, library, true),
                        reports(positions, shown, library, true), edited.editTimesSeconds());
                var everyPage = ReacquireMetrics.evaluate(truth(notes, library, false),
                        reports(positions, null, library, false), edited.editTimesSeconds());
                List<Outcome> outcomes = byChange.computeIfAbsent(edited.name(), k -> new ArrayList<>());
                List<String> printed = new ArrayList<>();
                // a performance's switches to a piece not played are counted once, with its first edit
                int wrongSwitches = wrongPieceSwitches(positions, notes, library.piece(0).getPieceId());
                for (int k = 0; k < unfolded.size(); k++) {
                    outcomes.add(new Outcome(unfolded.get(k), onPage.get(k), everyPage.get(k).wrongTurns(),
                            k == 0 ? wrongSwitches : 0));
                    printed.add(String.format(Locale.ROOT, "%.1f s (on the page %.1f s; %d wrong turns, %d by every "
                            + "position's page)", unfolded.get(k).seconds(), onPage.get(k).seconds(),
                            unfolded.get(k).wrongTurns(), everyPage.get(k).wrongTurns()));
                }
                System.out.printf(Locale.ROOT, "%-60s %-20s %s%s%n", p.key(), edited.name(), printed,
                        wrongSwitches > 0 ? " " + wrongSwitches + " switch(es) to a piece not played" : "");
            }
        }
    }

    /**
     * The next performance of another piece: another piece, not only another score folder, as (n)ASAP keeps a
     * piece's score with and without its repeats in two folders ({@code 21-1}, {@code 21-1_no_repeat}), the same
     * music, which no follower can tell apart.
     */
    static FollowingPerformance otherPiece(List<FollowingPerformance> performances, int i) {
        for (int k = 1; k < performances.size(); k++) {
            FollowingPerformance candidate = performances.get((i + k) % performances.size());
            if (!candidate.pieceId().equals(performances.get(i).pieceId())) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Truth per note, with pages of the library's engraving; beats of other pieces offset so they never
     * match. {@code written}: beats of the written score (a repeat's playings the same) instead of unfolded.
     */
    private static List<TruthEvent> truth(List<TruthNote> notes, PieceLibrary library, boolean written) {
        List<TruthEvent> events = new ArrayList<>();
        String first = notes.isEmpty() ? "" : notes.get(0).pieceId();
        for (TruthNote note : notes) {
            if (!Double.isFinite(note.scoreBeat())) {
                continue;
            }
            int ordinal = note.pieceId().equals(first) ? 0 : Math.min(1, library.size() - 1);
            ScoreTrack track = library.track(ordinal);
            int page = track.locate(Math.max(0, track.positionOfBeats(note.scoreBeat()))).pageIndex();
            double beat = written ? track.writtenBeats(track.positionAtBeats(note.scoreBeat())) : note.scoreBeat();
            events.add(new TruthEvent(note.timeSeconds(), pieceOffset(ordinal) + beat, page));
        }
        return events;
    }

    /**
     * Reports, with the same per-piece beat offset, so following the wrong piece never counts as right; pages
     * from {@code shown} (the viewer's), or each following position's own when null.
     */
    private static List<Report> reports(List<TrackedPosition> positions, List<Report> shown, PieceLibrary library,
            boolean written) {
        String first = library.piece(0).getPieceId();
        List<Report> reports = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            TrackedPosition p = positions.get(i);
            boolean following = p.state() == SessionState.FOLLOWING && p.place() != null;
            int ordinal = p.pieceId().isEmpty() || p.pieceId().equals(first) ? 0 : 1;
            double beat = Double.NaN;
            if (following) {
                ScoreTrack track = library.track(ordinal);
                double unfolded = p.place().scoreBeats();
                beat = pieceOffset(ordinal)
                        + (written ? track.writtenBeats(track.positionAtBeats(unfolded)) : unfolded);
            }
            int page = shown != null ? shown.get(i).page() : p.place() == null ? -1 : p.place().pageIndex();
            reports.add(new Report(p.timeSeconds(), following, beat, page));
        }
        return reports;
    }

    /**
     * How often the followed piece changed to a piece the players were not playing then: the piece of the
     * latest true note at or before the position's time (the first note's before it). Truth notes name pieces
     * by their dataset folder and positions by their library id, so each is compared as first or other: the
     * library's first piece ({@code firstPieceId}) is the truth's first. Changes to the piece played, however
     * late, are not counted; each change away from it is.
     */
    static int wrongPieceSwitches(List<TrackedPosition> positions, List<TruthNote> notes, String firstPieceId) {
        if (notes.isEmpty()) {
            return 0;
        }
        String firstPlayed = notes.get(0).pieceId();
        int count = 0;
        int k = 0;
        String followed = null;
        for (TrackedPosition p : positions) {
            if (p.pieceId().isEmpty()) {
                continue;
            }
            while (k + 1 < notes.size() && notes.get(k + 1).timeSeconds() <= p.timeSeconds()) {
                k++;
            }
            boolean playingFirst = notes.get(k).pieceId().equals(firstPlayed);
            if (followed != null && !p.pieceId().equals(followed) && p.pieceId().equals(firstPieceId) != playingFirst) {
                count++;
            }
            followed = p.pieceId();
        }
        return count;
    }

    private static double pieceOffset(int ordinal) {
        return ordinal * 1e6;
    }

    void write(Path out) throws IOException {
        StringBuilder md = new StringBuilder("| form change | edits | re-acquired | ≤ 3 s | median s | max s "
                + "| on the page: re-acquired | ≤ 3 s | median s | max s | wrong page turns meanwhile "
                + "| counted on every position's page | switches to a piece not played |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var e : byChange.entrySet()) {
            List<Outcome> os = e.getValue();
            int wrong = os.stream().mapToInt(o -> o.unfolded().wrongTurns()).sum();
            int wrongEvery = os.stream().mapToInt(Outcome::wrongTurnsEveryPosition).sum();
            int wrongSwitches = os.stream().mapToInt(Outcome::wrongPieceSwitches).sum();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %d | %d |%n", e.getKey(), os.size(),
                    summary(os.stream().map(Outcome::unfolded).toList()),
                    summary(os.stream().map(Outcome::onPage).toList()), wrong, wrongEvery, wrongSwitches));
        }
        Files.writeString(out.resolve("form-changes.md"), md);
        System.out.print(md);
    }

    private static String summary(List<ReacquireMetrics.Reacquisition> rs) {
        double[] seconds = rs.stream().mapToDouble(ReacquireMetrics.Reacquisition::seconds).sorted().toArray();
        long within = rs.stream().filter(r -> r.seconds() <= 3).count();
        long reacquired = rs.stream().filter(ReacquireMetrics.Reacquisition::reacquired).count();
        return String.format(Locale.ROOT, "%d | %d | %.1f | %.1f", reacquired, within, seconds[seconds.length / 2],
                seconds[seconds.length - 1]);
    }
}
