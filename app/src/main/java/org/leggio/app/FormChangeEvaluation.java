package org.leggio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 */
final class FormChangeEvaluation {
    interface Embeddings {
        float[][] of(FollowingPerformance performance) throws IOException;
    }

    interface Scores {
        ScoreIndex of(FollowingPerformance performance);
    }

    private final Map<String, List<ReacquireMetrics.Reacquisition>> byChange = new LinkedHashMap<>();
    private final Path tracks;

    private final NoteAlignerConfig noteConfig;
    private final OtherPieceConfig otherPiece;

    /**
     * @param tracks where to write each edited performance's track CSV and plot (null: nowhere)
     * @param noteConfig note-level refinement and jump check with the notes of whichever piece the session
     *     follows, as the service does (null: none)
     * @param otherPiece with the notes, the search for the players in the other piece by them
     */
    FormChangeEvaluation(Path tracks, NoteAlignerConfig noteConfig, OtherPieceConfig otherPiece) {
        this.tracks = tracks;
        this.noteConfig = noteConfig;
        this.otherPiece = otherPiece;
    }

    void run(List<FollowingPerformance> performances, Embedder embedder, Embeddings embeddings, Scores scores,
            SessionConfig config) throws IOException {
        for (int i = 0; i < performances.size(); i++) {
            FollowingPerformance p = performances.get(i);
            FollowingPerformance other = otherPiece(performances, i);
            // each piece's notes are read once for all its edits
            Map<String, ScoreNotes> pieceNotes = new java.util.HashMap<>();
            for (EditedPerformance edited : FormChanges.all(p, other)) {
                if (edited.name().equals(FormChanges.UNCHANGED)) {
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
                List<TrackedPosition> positions = new ArrayList<>(audio.length);
                if (noteConfig != null) {
                    pieceNotes.computeIfAbsent(pieces.get(0).getPieceId(), id -> NoteRefinement.notesOf(p.musicXml()));
                    if (pieces.size() > 1) {
                        pieceNotes.computeIfAbsent(pieces.get(1).getPieceId(),
                                id -> NoteRefinement.notesOf(other.musicXml()));
                    }
                    NoteRefinement.follow(library, config, audio, audible, edited.spectrogram(), pieceNotes::get,
                            noteConfig, otherPiece, true)
                            .forEach(o -> positions.add(o.position()));
                } else {
                    MatcherSession session = MatcherSession.following(library, pieces.get(0).getPieceId(), config);
                    for (int e = 0; e < audio.length; e++) {
                        positions.add(session.step(audio[e], AudioEmbeddingRun.frameOf(e), audible[e]).position());
                    }
                }
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
                var result = ReacquireMetrics.evaluate(truth(notes, library), reports(positions, library),
                        edited.editTimesSeconds());
                byChange.computeIfAbsent(edited.name(), k -> new ArrayList<>()).addAll(result);
                System.out.printf(Locale.ROOT, "%-60s %-20s %s%n", p.key(), edited.name(),
                        result.stream().map(r -> String.format(Locale.ROOT, "%.1f s (%d wrong turns)", r.seconds(),
                                r.wrongTurns())).toList());
            }
        }
    }

    private static FollowingPerformance otherPiece(List<FollowingPerformance> performances, int i) {
        for (int k = 1; k < performances.size(); k++) {
            FollowingPerformance candidate = performances.get((i + k) % performances.size());
            if (!candidate.scoreFolder().equals(performances.get(i).scoreFolder())) {
                return candidate;
            }
        }
        return null;
    }

    /** Truth per note, with pages of the library's engraving; beats of other pieces offset so they never match. */
    private static List<TruthEvent> truth(List<TruthNote> notes, PieceLibrary library) {
        List<TruthEvent> events = new ArrayList<>();
        String first = notes.isEmpty() ? "" : notes.get(0).pieceId();
        for (TruthNote note : notes) {
            if (!Double.isFinite(note.scoreBeat())) {
                continue;
            }
            int ordinal = note.pieceId().equals(first) ? 0 : Math.min(1, library.size() - 1);
            ScoreTrack track = library.track(ordinal);
            int page = track.locate(Math.max(0, track.positionOfBeats(note.scoreBeat()))).pageIndex();
            events.add(new TruthEvent(note.timeSeconds(), pieceOffset(ordinal) + note.scoreBeat(), page));
        }
        return events;
    }

    /** Reports, with the same per-piece beat offset, so following the wrong piece never counts as right. */
    private static List<Report> reports(List<TrackedPosition> positions, PieceLibrary library) {
        String first = library.piece(0).getPieceId();
        List<Report> reports = new ArrayList<>(positions.size());
        for (TrackedPosition p : positions) {
            boolean following = p.state() == SessionState.FOLLOWING && p.place() != null;
            int ordinal = p.pieceId().isEmpty() || p.pieceId().equals(first) ? 0 : 1;
            reports.add(new Report(p.timeSeconds(), following,
                    following ? pieceOffset(ordinal) + p.place().scoreBeats() : Double.NaN,
                    p.place() == null ? -1 : p.place().pageIndex()));
        }
        return reports;
    }

    private static double pieceOffset(int ordinal) {
        return ordinal * 1e6;
    }

    void write(Path out) throws IOException {
        StringBuilder md = new StringBuilder("| form change | edits | re-acquired | ≤ 3 s | median s | max s | wrong page turns meanwhile |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (var e : byChange.entrySet()) {
            List<ReacquireMetrics.Reacquisition> rs = e.getValue();
            double[] seconds = rs.stream().mapToDouble(ReacquireMetrics.Reacquisition::seconds).sorted().toArray();
            long within = rs.stream().filter(r -> r.seconds() <= 3).count();
            long reacquired = rs.stream().filter(ReacquireMetrics.Reacquisition::reacquired).count();
            int wrong = rs.stream().mapToInt(ReacquireMetrics.Reacquisition::wrongTurns).sum();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %d |%n", e.getKey(), rs.size(),
                    reacquired, within, seconds[seconds.length / 2], seconds[seconds.length - 1], wrong));
        }
        Files.writeString(out.resolve("form-changes.md"), md);
        System.out.print(md);
    }
}
