package org.leggio.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.leggio.dataset.follow.FollowingPerformance;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.notes.OtherPieceConfig;
import org.leggio.matcher.notes.ScoreNotes;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.ScoreLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leggio bench follow}: the whole matcher of one session — embedding follower, identification's votes and
 * verifications, the notes' follower, replays, repeats — on real performances, timed per audio embedding on one
 * thread. The network is not timed: embeddings come from {@code eval follow}'s cache (computed once if missing).
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = {"The whole matcher of one session (as `eval follow` runs it: embedding follower, identification,",
            "note follower, replays, repeats) on a dataset split's performances, timed per audio embedding on one",
            "thread: µs per step (mean, p50, p99, max), real-time factor, bytes allocated per second of audio.",
            "Needs a `leggio dataset build` and ../shared/data/asap; embeddings come from eval follow's cache."})
final class FollowBenchCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "build/dataset", description = "Dataset build (default: ${DEFAULT-VALUE}).")
    Path dataset;

    @Option(names = "--asap", paramLabel = "DIR", defaultValue = "../shared/data/asap", description = "ASAP corpus, for the scores (default: ${DEFAULT-VALUE}).")
    Path asap;

    @Option(names = "--split", defaultValue = "valid", description = "train, valid or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Mixin
    ModelOption model;

    @Option(names = "--library", paramLabel = "DIR", defaultValue = "build/eval/library", description = "Score library, as eval follow's (default: ${DEFAULT-VALUE}); missing scores are imported.")
    Path library;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "build/eval/embeddings", description = "Audio-embedding cache, as eval follow's (default: ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--max-performances", defaultValue = "0", description = "At most this many performances, evenly spread (default: all).")
    int maxPerformances;

    @Option(names = "--only", paramLabel = "REGEX", description = "Only performances whose id or score folder matches.")
    String only;

    @Option(names = "--other-piece", description = "The session's library also holds the next piece of the split (as eval follow's jumps pair them), so identification weighs two pieces and the notes look for the players in the other one (OtherPieceConfig); the players stay in their piece.")
    boolean otherPiece;

    @Option(names = "--warmup", defaultValue = "3", description = "Performances followed untimed first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be ≥ 0, got " + warmup);
        }
        List<FollowingPerformance> performances = EvalFollowCommand.performances(dataset, asap, split, true, only,
                maxPerformances);
        if (otherPiece && !performances.isEmpty() && FormChangeEvaluation.otherPiece(performances, 0) == null) {
            throw new IllegalArgumentException("--other-piece needs performances of at least two pieces; the "
                    + performances.size() + " chosen are all of " + performances.get(0).pieceId());
        }
        try (Embedder embedder = Embedders.open(model.resolve())) {
            String modelId = embedder.info().modelId();
            SessionConfig config = SessionConfig.defaults(FollowCommand.followerConfig(modelId,
                    embedder.info().audioContextFrames(), null));
            EvalScores scores = new EvalScores(ScoreLibrary.open(library), embedder);
            System.out.printf(Locale.ROOT, "whole matcher per session, one thread, %d performances of split %s%s, "
                    + "model %s, %d untimed first (%s %s)%n", performances.size(), split,
                    otherPiece ? ", each in a library with the next piece" : "", modelId, warmup,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
            for (int i = 0; i < warmup; i++) {
                Run run = Run.of(performances, i % performances.size(), otherPiece, scores, embedder,
                        cache.resolve(modelId));
                run.follow(config, null);
            }
            System.out.printf(Locale.ROOT, "%-64s %8s %7s %9s %8s %9s %9s %8s %10s %12s%n", "performance", "audio s",
                    "steps", "mean µs", "p50 µs", "p99 µs", "max µs", "RTF", "alloc KB/s", "late/early");
            List<long[]> all = new ArrayList<>();
            double audioSeconds = 0;
            long allocated = 0;
            for (int i = 0; i < performances.size(); i++) {
                FollowingPerformance performance = performances.get(i);
                Run run = Run.of(performances, i, otherPiece, scores, embedder, cache.resolve(modelId));
                long[] nanos = new long[run.embeddings.length];
                long bytes0 = BenchCommand.allocatedBytes();
                run.follow(config, nanos);
                long bytes = BenchCommand.allocatedBytes() - bytes0;
                StepTimes times = StepTimes.of(nanos, run.audioSeconds());
                print(performance.key(), times, bytes, lateOverEarly(nanos));
                all.add(nanos);
                audioSeconds += run.audioSeconds();
                allocated += bytes;
            }
            print("all performances", StepTimes.pooled(all, audioSeconds), allocated, Double.NaN);
        }
        return 0;
    }

    private static void print(String label, StepTimes t, long allocatedBytes, double lateOverEarly) {
        System.out.printf(Locale.ROOT, "%-64s %8.1f %7d %9.1f %8.1f %9.1f %9.1f %8.5f %10.1f %12.2f%n", label,
                t.audioSeconds(), t.steps(), t.meanMicros(), t.p50Nanos() / 1e3, t.p99Nanos() / 1e3,
                t.maxNanos() / 1e3, t.realTimeFactor(), allocatedBytes / 1024.0 / t.audioSeconds(), lateOverEarly);
    }

    /**
     * The mean step of a run's last quarter over that of its first (NaN under 8 steps): about 1 where a session's
     * cost does not grow with the time it has followed (its memory is bounded), above 1 where it does.
     */
    static double lateOverEarly(long[] stepNanos) {
        int quarter = stepNanos.length / 4;
        if (quarter < 2) {
            return Double.NaN;
        }
        double early = 0;
        double late = 0;
        for (int i = 0; i < quarter; i++) {
            early += stepNanos[i];
            late += stepNanos[stepNanos.length - 1 - i];
        }
        return early > 0 ? late / early : Double.NaN;
    }

    /** One performance, loaded: its score, notes, spectrogram and embeddings; and another piece's, or nulls. */
    private record Run(ScoreIndex piece, ScoreNotes notes, ScoreIndex other, ScoreNotes otherNotes,
            float[][] spectrogram, float[][] embeddings, boolean[] audible) {
        static Run of(List<FollowingPerformance> performances, int i, boolean withOther, EvalScores scores,
                Embedder embedder, Path cacheDir) throws java.io.IOException {
            FollowingPerformance performance = performances.get(i);
            ScoreIndex piece = scores.get(performance);
            FollowingPerformance next = withOther ? FormChangeEvaluation.otherPiece(performances, i) : null;
            float[][] spectrogram = performance.spectrogram();
            float[][] embeddings = AudioEmbeddingRun.cached(cacheDir, performance.key(),
                    () -> AudioEmbeddingRun.embed(embedder, spectrogram, System.err::println));
            return new Run(piece, NoteRefinement.notesOf(performance.musicXml()),
                    next == null ? null : scores.get(next), next == null ? null : NoteRefinement.notesOf(next.musicXml()),
                    spectrogram, embeddings, SilenceGate.audible(spectrogram, embeddings.length));
        }

        double audioSeconds() {
            return spectrogram[0].length / (double) FollowingPerformance.FRAMES_PER_SECOND;
        }

        void follow(SessionConfig config, long[] stepNanos) {
            PieceLibrary library = PieceLibrary.of(other == null ? List.of(piece) : List.of(piece, other));
            NoteRefinement.follow(library, config, embeddings, audible, spectrogram,
                    id -> id.equals(piece.getPieceId()) ? notes
                            : other != null && id.equals(other.getPieceId()) ? otherNotes : null,
                    NoteAlignerConfig.defaults(), OtherPieceConfig.defaults(), true, stepNanos);
        }
    }
}
