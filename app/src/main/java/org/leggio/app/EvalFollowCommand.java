package org.leggio.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.leggio.dataset.follow.FollowingCorpus;
import org.leggio.dataset.follow.FollowingPerformance;
import org.leggio.dataset.follow.TruthNote;
import org.leggio.matcher.eval.FollowingMetrics;
import org.leggio.matcher.eval.Report;
import org.leggio.matcher.eval.TruthEvent;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.notes.OtherPieceConfig;
import org.leggio.matcher.notes.NoteFollowerConfig;
import org.leggio.matcher.notes.RepeatConfig;
import org.leggio.matcher.notes.ReplayConfig;
import org.leggio.matcher.session.ConfidenceMap;
import org.leggio.matcher.session.MatcherSession;
import org.leggio.matcher.session.PieceFollower;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.ScoreLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio eval follow}: the follower on a split's performances, with the matchmaker-benchmark measures. */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = {"Follows every performance of a dataset split (needs a `leggio dataset build` and ../shared/data/asap)",
            "as if live and measures it like the matchmaker benchmark: share of notes within 50 ms … 2 s, median error",
            "in ms and beats, tracking rate, page accuracy and wrong page turns. Writes follow.md, follow.json and a",
            "track CSV per performance under --out."})
final class EvalFollowCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "build/dataset", description = "Dataset build (default: ${DEFAULT-VALUE}).")
    Path dataset;

    @Option(names = "--asap", paramLabel = "DIR", defaultValue = "../shared/data/asap", description = "ASAP corpus, for the scores (default: ${DEFAULT-VALUE}).")
    Path asap;

    @Option(names = "--split", defaultValue = "test", description = "train, valid or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Mixin
    ModelOption model;

    @Option(names = "--library", paramLabel = "DIR", description = "Score library holding the split's scores as `asap-<folder>` (default: <out>/../library); missing ones are imported.")
    Path library;

    @Option(names = "--cache", paramLabel = "DIR", description = "Audio-embedding cache (default: <out>/../embeddings).")
    Path cache;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "build/eval/follow", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--all-tempi", description = "Also the tempo-scaled renderings (default: tempo factor 1.0 only).")
    boolean allTempi;

    @Option(names = "--max-performances", defaultValue = "0", description = "At most this many performances, evenly spread (default: all).")
    int maxPerformances;

    @Option(names = "--form-changes", description = "Instead: edit each performance (skip a repeat, take it twice, restart 8 bars back, stop and resume, jump into another piece) and measure re-acquisition; writes form-changes.md.")
    boolean formChanges;

    @Option(names = "--form-change", split = ",", paramLabel = "NAME",
            description = "With --form-changes: only these edits (skip-repeat, repeat-twice, restart, stop-and-resume, jump-to-other-piece; default: all).")
    List<String> formChangeNames;

    @Option(names = "--only", paramLabel = "REGEX", description = "Only performances whose id or score folder matches.")
    String only;

    @Option(names = "--lookback", description = "Seconds the matched position lies behind now (default: T/2 for a centred model, 0 for a model whose id says causal).")
    Double lookback;

    @Option(names = "--no-relocalise", negatable = true, defaultValue = "true",
            description = "Re-localise by identification within the piece, as `leggio follow` does (default: on; --no-relocalise measures the bare follower).")
    boolean relocalise;

    @Option(names = "--plots", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Draw a PNG per performance: true vs reported position, state, confidence (default: on).")
    boolean plots;

    @Option(names = "--tempo-seconds", description = "Follower: span of the tempo fit, s (default: FollowerConfig's, 12).")
    Double tempoSeconds;

    @Option(names = "--confidence", split = ",", paramLabel = "B,S,C", description = "Follower confidence: bias, similarity weight, contrast weight (default: FollowerConfig's).")
    double[] confidenceWeights;

    @Option(names = "--reported-confidence", split = ",", paramLabel = "BIAS,SLOPE", description = "Reported confidence: the Platt map from the session's own confidence, σ(BIAS + SLOPE·logit(own)), e.g. a refit printed by an earlier run; 0,1 reports the own confidence (default: ConfidenceMap.DEFAULT, 1,1). Page turns stay where they were.")
    double[] reportedConfidence;

    @Option(names = "--jump-margin", description = "Re-localisation: cost margin a jump needs (default: SessionConfig's).")
    Double jumpMargin;

    @Option(names = "--relocalise-seconds", description = "Re-localisation: span of recent audio compared, s (default: SessionConfig's).")
    Double relocaliseSeconds;

    @Option(names = "--disagreements", description = "Re-localisation: consistent disagreeing verifications before a jump (default: SessionConfig's).")
    Integer disagreements;

    @Option(names = "--far-jump-seconds", description = "Re-localisation: a jump over more music than this (s) is far (default: SessionConfig's).")
    Double farJumpSeconds;

    @Option(names = "--far-jump-disagreements", description = "Re-localisation: consistent disagreeing verifications before a far jump (default: SessionConfig's).")
    Integer farJumpDisagreements;

    @Option(names = "--backward-turn-seconds", description = "Pages: seconds a position must stay behind where the shown page was shown before the page is turned back without a jump (default: Infinity, never; 0: at once).")
    Double backwardTurnSeconds;

    @Option(names = "--forward-positions", description = "Follower: window ahead of the best position, positions (default: FollowerConfig's).")
    Integer forwardPositions;

    @Option(names = "--max-step", description = "Follower: most positions per embedding (default: 4).")
    Integer maxStep;

    @Option(names = "--step-penalty", description = "Follower: cost per position a step differs from the tempo's step (default: 0.07).")
    Float stepPenalty;

    @Option(names = "--forgetting", description = "Follower: accumulated-cost forgetting factor (default: 0.98).")
    Float forgetting;

    @Option(names = "--notes", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Refine following positions at note level with the score's notes (default: on; --no-notes measures the embedding follower alone).")
    boolean notes;

    @Option(names = "--note-audio-seconds", description = "Note refinement: seconds of newest audio aligned (default: NoteAlignerConfig's).")
    Double noteAudioSeconds;

    @Option(names = "--note-radius-seconds", description = "Note refinement: how far from the follower's position it may move, s of music (default: NoteAlignerConfig's).")
    Double noteRadiusSeconds;

    @Option(names = "--note-step-penalty", description = "Note refinement: cost of a tempo-changing DTW step (default: NoteAlignerConfig's).")
    Float noteStepPenalty;

    @Option(names = "--note-onset-weight", description = "Note refinement: weight of onset features (default: NoteAlignerConfig's).")
    Float noteOnsetWeight;

    @Option(names = "--note-decay-seconds", description = "Note refinement: template decay, s (default: NoteAlignerConfig's).")
    Double noteDecaySeconds;

    @Option(names = "--note-latency-seconds", description = "Note refinement: latency compensated, s (default: NoteAlignerConfig's).")
    Double noteLatencySeconds;

    @Option(names = "--note-anchor-weight", description = "Note refinement: cost per second of music away from the follower's position (default: NoteAlignerConfig's).")
    Double noteAnchorWeight;

    @Option(names = "--note-jump-check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --notes: a jump within the piece must also fit the score's notes better (default: on).")
    boolean noteJumpCheck;

    @Option(names = "--note-far-jump-margin", description = "Note refinement: the same for a far jump (default: NoteAlignerConfig's).")
    Double noteFarJumpMargin;

    @Option(names = "--note-leap-search", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --notes: when the follower leaps ahead after unsure music, look for the players over the whole span (default: on).")
    boolean noteLeapSearch;

    @Option(names = "--note-follower", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --notes: follow the notes frame by frame by online DTW once placed, rather than refine each of the embedding follower's positions on its own (default: on).")
    boolean noteFollower;

    @Option(names = "--note-follower-step-penalty", description = "Note follower: cost per column a step differs from the tempo's (default: NoteFollowerConfig's).")
    Double noteFollowerStepPenalty;

    @Option(names = "--note-follower-quiet-share", description = "Note follower: share of the step penalty paid in a frame with no onset (default: NoteFollowerConfig's).")
    Double noteFollowerQuietShare;

    @Option(names = "--note-follower-forgetting", description = "Note follower: accumulated-cost forgetting factor per frame (default: NoteFollowerConfig's).")
    Double noteFollowerForgetting;

    @Option(names = "--note-follower-tempo-seconds", description = "Note follower: span of the tempo fit, s (default: NoteFollowerConfig's).")
    Double noteFollowerTempoSeconds;

    @Option(names = "--note-follower-ahead", description = "Note follower: columns (frames of music) kept ahead of the best position (default: NoteFollowerConfig's).")
    Integer noteFollowerAhead;

    @Option(names = "--note-follower-switch-steps", description = "Note follower: positions running the embedding follower must be far and fit better before the note follower moves there (default: NoteFollowerConfig's).")
    Integer noteFollowerSwitchSteps;

    @Option(names = "--note-follower-usual-tempo-seconds", description = "Note follower: span over which the players' usual tempo (a step may keep it as cheaply as the recent tempo) is the median of the embedding follower's, s; 0: none (default: NoteFollowerConfig's).")
    Integer noteFollowerUsualTempoSeconds;

    @Option(names = "--note-follower-score-tempo-seconds", description = "Note follower: span over which the players' usual ratio to the score's notated tempo is taken (a step at that ratio times the notated tempo where it lands costs no more than one at the recent tempo), s; 0: none (default: NoteFollowerConfig's).")
    Integer noteFollowerScoreTempoSeconds;

    @Option(names = "--note-follower-lost-fit-tolerance", description = "Note follower: while the embedding follower is lost, the note follower's place is reported (and the embedding follower re-synced there) as long as the notes fit the newest audio within this factor of their usual fit; 0: never (default: NoteFollowerConfig's).")
    Double noteFollowerLostFitTolerance;

    @Option(names = "--note-replay", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --notes: recognise music the players have just played again (a restart) and go back there (default: on).")
    boolean noteReplay;

    @Option(names = "--note-repeats", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --notes: where the score's played order branches (a repeat), check by the notes which way the players went (default: on).")
    boolean noteRepeats;

    @Option(names = "--note-repeat-margin", description = "Repeats: how much better (mean cost per frame) the other branch's notes must fit (default: RepeatConfig's).")
    Double noteRepeatMargin;

    @Option(names = "--note-repeat-confirmations", description = "Repeats: checks running that must find the other branch better (default: RepeatConfig's).")
    Integer noteRepeatConfirmations;

    @Option(names = "--note-other-piece", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --notes and --form-changes: look for the players in the other piece by its notes (default: on; --no-note-other-piece turns it off; see docs/evaluation.md, Ninth and Eighteenth rounds).")
    boolean noteOtherPiece;

    @Option(names = "--note-other-margin", description = "Other piece: how much better (mean cost per frame) its notes must fit than the followed piece's anywhere (default: OtherPieceConfig's).")
    Double noteOtherMargin;

    @Option(names = "--note-other-confirmations", description = "Other piece: looks running that must find it, moving on (default: OtherPieceConfig's).")
    Integer noteOtherConfirmations;

    @Option(names = "--note-other-candidates", description = "Other piece: how many of the most-voted other pieces each look searches (default: OtherPieceConfig's).")
    Integer noteOtherCandidates;

    @Option(names = "--note-other-decimation", description = "Other piece: spectrogram frames averaged into one for the search (default: OtherPieceConfig's).")
    Integer noteOtherDecimation;

    @Option(names = "--note-other-confirm-seconds", description = "Other piece: how soon after a find the look that confirms it is taken, seconds (default: OtherPieceConfig's).")
    Double noteOtherConfirmSeconds;

    @Option(names = "--note-other-earlier-margin", description = "Other piece: how much better (mean cost per frame) the place found must fit the newest audio than the music heard 3, 4 and 6 s before (placed near it) (0: no such check; default: OtherPieceConfig's).")
    Double noteOtherEarlierMargin;

    @Option(names = "--note-other-window-seconds", description = "Other piece: seconds of the newest audio placed (default: OtherPieceConfig's).")
    Double noteOtherWindowSeconds;

    @Option(names = "--note-other-first-window-seconds", description = "Other piece: seconds of the newest audio a look with no find to confirm places, at most the window (default: OtherPieceConfig's).")
    Double noteOtherFirstWindowSeconds;

    @Option(names = "--note-replay-max-cost", description = "Replays: mean cost per frame below which the newest audio copies earlier audio (default: ReplayConfig's).")
    Double noteReplayMaxCost;

    @Option(names = "--note-replay-distinct-ratio", description = "Replays: the copy must cost less than this share of the best copy of another place (default: ReplayConfig's).")
    Double noteReplayDistinctRatio;

    @Option(names = "--note-replay-unique-cost", description = "Replays: a copy cheaper than this (mean cost per frame) of music the score has only once needs no say of the notes; 0: they must always agree (default: ReplayConfig's).")
    Double noteReplayUniqueCost;

    @Option(names = "--note-replay-query-seconds", description = "Replays: seconds of the newest audio that must copy earlier audio (default: ReplayConfig's).")
    Double noteReplayQuerySeconds;

    @Option(names = "--note-jump-margin", description = "Note refinement: cost per frame by which a jump's target must fit better (default: NoteAlignerConfig's).")
    Double noteJumpMargin;

    @Override
    public Integer call() throws Exception {
        Path libraryDir = library != null ? library : out.toAbsolutePath().getParent().resolve("library");
        Path cacheDir = cache != null ? cache : out.toAbsolutePath().getParent().resolve("embeddings");
        Set<String> changeKinds = FormChangeEvaluation.kinds(formChangeNames);
        reportedConfidenceMap(); // a bad map is refused before anything is loaded
        List<FollowingPerformance> performances = performances(dataset, asap, split, !allTempi, only, maxPerformances);
        Files.createDirectories(out.resolve("tracks"));
        System.out.printf("%d performances of split %s%n", performances.size(), split);
        Map<String, FollowingMetrics.Result> results = new TreeMap<>();
        List<String> turnRows = new ArrayList<>();
        try (Embedder embedder = Embedders.open(model.resolve())) {
            String modelId = embedder.info().modelId();
            FollowerConfig config = config(embedder);
            // without re-localisation the follower's own positions are reported, with its own confidence
            ConfidenceCalibration calibration = new ConfidenceCalibration(
                    relocalise ? sessionConfig(config).reportedConfidence() : ConfidenceMap.IDENTITY);
            EvalScores scores = new EvalScores(ScoreLibrary.open(libraryDir), embedder);
            for (FollowingPerformance performance : formChanges ? List.<FollowingPerformance>of() : performances) {
                ScoreIndex index = scores.get(performance);
                ScoreTrack track = ScoreTrack.of(index);
                float[][] embeddings = AudioEmbeddingRun.cached(cacheDir.resolve(modelId), performance.key(),
                        () -> AudioEmbeddingRun.embed(embedder, performance.spectrogram(), System.err::println));
                boolean[] audible = SilenceGate.audible(performance.spectrogram(), embeddings.length);
                List<MatcherSession.Output> outputs;
                if (!relocalise) {
                    outputs = follow(track, config, embeddings).stream()
                            .map(p -> new MatcherSession.Output(p, null, null)).toList();
                } else if (notes) {
                    outputs = NoteRefinement.follow(index, sessionConfig(config), embeddings, audible,
                            performance.spectrogram(), NoteRefinement.notesOf(performance.musicXml()), noteConfig(),
                            noteJumpCheck);
                } else {
                    outputs = FollowCommand.run(index, sessionConfig(config), embeddings, audible);
                }
                List<TrackedPosition> positions = outputs.stream().map(MatcherSession.Output::position).toList();
                List<Report> reports = reports(outputs);
                FollowingMetrics.Result result = FollowingMetrics.evaluate(truth(track, performance), reports,
                        org.leggio.score.ScoreTimeline.read(performance.musicXml())::notatedBeats);
                results.put(performance.key(), result);
                turnRows.addAll(TurnsCsv.rows(performance.key(),
                        FollowingMetrics.pageTurns(truth(track, performance), reports)));
                calibration.add(truth(track, performance), positions);
                TrackCsv.write(out.resolve("tracks").resolve(performance.key() + ".csv"), positions);
                if (plots) {
                    List<TrackPlot.TruePoint> truePoints = performance.notes().stream()
                            .filter(n -> Double.isFinite(n.scoreBeat()))
                            .map(n -> new TrackPlot.TruePoint(n.timeSeconds(), n.scoreBeat())).toList();
                    TrackPlot.write(out.resolve("tracks").resolve(performance.key() + ".png"),
                            performance.performanceId() + " (" + performance.scoreFolder() + ")", positions, truePoints,
                            true);
                }
                System.out.println(FollowReport.line(performance.key(), result)
                        + String.format(Locale.ROOT, "  signed %+.3f beats", medianSignedBeats(truth(track, performance), positions)));
            }
            if (formChanges) {
                FormChangeEvaluation changes = new FormChangeEvaluation(plots ? out.resolve("tracks") : null,
                        notes ? noteConfig() : null, otherPieceConfig(), changeKinds);
                changes.run(performances, embedder, p -> AudioEmbeddingRun.cached(cacheDir.resolve(modelId),
                        p.key(), () -> AudioEmbeddingRun.embed(embedder, p.spectrogram(), System.err::println)),
                        scores::get, sessionConfig(config));
                changes.write(out);
                return 0;
            }
            FollowReport.write(out, split, modelId, config, results);
            TurnsCsv.write(out.resolve("turns.csv"), turnRows);
            Files.writeString(out.resolve("calibration.md"), calibration.markdown());
            System.out.print(calibration.markdown());
        }
        System.out.println("wrote " + out.resolve("follow.md"));
        return 0;
    }

    private FollowerConfig config(Embedder embedder) {
        FollowerConfig config = FollowCommand.followerConfig(embedder.info().modelId(),
                embedder.info().audioContextFrames(), lookback);
        if (tempoSeconds != null) {
            config = config.withTempoSeconds(tempoSeconds);
        }
        if (confidenceWeights != null) {
            if (confidenceWeights.length != 3) {
                throw new IllegalArgumentException("--confidence takes three numbers: bias, similarity weight, contrast weight");
            }
            config = config.withConfidence(confidenceWeights[0], confidenceWeights[1], confidenceWeights[2]);
        }
        if (forwardPositions != null) {
            config = config.withWindow(config.backPositions(), forwardPositions);
        }
        return config.withPath(maxStep != null ? maxStep : config.maxStep(),
                stepPenalty != null ? stepPenalty : config.stepPenalty(),
                forgetting != null ? forgetting : config.forgetting());
    }

    private OtherPieceConfig otherPieceConfig() {
        OtherPieceConfig o = OtherPieceConfig.defaults().withEnabled(noteOtherPiece);
        o = noteOtherMargin != null ? o.withMargin(noteOtherMargin) : o;
        o = noteOtherConfirmations != null ? o.withConfirmations(noteOtherConfirmations) : o;
        o = noteOtherCandidates != null ? o.withCandidates(noteOtherCandidates) : o;
        o = noteOtherDecimation != null ? o.withDecimation(noteOtherDecimation) : o;
        o = noteOtherEarlierMargin != null ? o.withEarlierMargin(noteOtherEarlierMargin) : o;
        o = noteOtherConfirmSeconds != null ? o.withConfirmSeconds(noteOtherConfirmSeconds) : o;
        o = noteOtherWindowSeconds != null ? o.withWindowSeconds(noteOtherWindowSeconds) : o;
        return noteOtherFirstWindowSeconds != null ? o.withFirstWindowSeconds(noteOtherFirstWindowSeconds) : o;
    }

    private NoteAlignerConfig noteConfig() {
        NoteAlignerConfig c = NoteAlignerConfig.defaults();
        c = noteAudioSeconds != null ? c.withAudioSeconds(noteAudioSeconds) : c;
        c = noteRadiusSeconds != null ? c.withRadiusSeconds(noteRadiusSeconds) : c;
        c = noteStepPenalty != null ? c.withStepPenalty(noteStepPenalty) : c;
        c = noteOnsetWeight != null ? c.withOnsetWeight(noteOnsetWeight) : c;
        c = noteDecaySeconds != null ? c.withDecaySeconds(noteDecaySeconds) : c;
        c = noteJumpMargin != null ? c.withJumpMargin(noteJumpMargin) : c;
        c = noteFarJumpMargin != null ? c.withFarJumpMargin(noteFarJumpMargin) : c;
        c = c.withLeapSearch(noteLeapSearch);
        c = noteAnchorWeight != null ? c.withAnchorWeight(noteAnchorWeight) : c;
        NoteFollowerConfig f = c.follower().withEnabled(noteFollower);
        f = noteFollowerStepPenalty != null ? f.withStepPenalty(noteFollowerStepPenalty) : f;
        f = noteFollowerForgetting != null ? f.withForgetting(noteFollowerForgetting) : f;
        f = noteFollowerQuietShare != null ? f.withQuietShare(noteFollowerQuietShare) : f;
        f = noteFollowerTempoSeconds != null ? f.withTempoSeconds(noteFollowerTempoSeconds) : f;
        f = noteFollowerSwitchSteps != null ? f.withSwitchSteps(noteFollowerSwitchSteps) : f;
        f = noteFollowerUsualTempoSeconds != null ? f.withUsualTempoSeconds(noteFollowerUsualTempoSeconds) : f;
        f = noteFollowerScoreTempoSeconds != null ? f.withScoreTempoSeconds(noteFollowerScoreTempoSeconds) : f;
        f = noteFollowerLostFitTolerance != null ? f.withLostFitTolerance(noteFollowerLostFitTolerance) : f;
        f = noteFollowerAhead != null ? f.withWindow(f.backColumns(), noteFollowerAhead) : f;
        c = c.withFollower(f);
        ReplayConfig r = c.replay().withEnabled(noteReplay);
        r = noteReplayMaxCost != null ? r.withMaxCostPerFrame(noteReplayMaxCost) : r;
        r = noteReplayUniqueCost != null ? r.withUniqueCostPerFrame(noteReplayUniqueCost) : r;
        r = noteReplayQuerySeconds != null ? r.withQuerySeconds(noteReplayQuerySeconds) : r;
        r = noteReplayDistinctRatio != null ? r.withDistinctRatio(noteReplayDistinctRatio) : r;
        c = c.withReplay(r);
        RepeatConfig repeats = c.repeats().withEnabled(noteRepeats);
        repeats = noteRepeatMargin != null ? repeats.withMargin(noteRepeatMargin) : repeats;
        repeats = noteRepeatConfirmations != null ? repeats.withConfirmations(noteRepeatConfirmations) : repeats;
        c = c.withRepeats(repeats);
        return noteLatencySeconds != null ? c.withLatencySeconds(noteLatencySeconds) : c;
    }

    private SessionConfig sessionConfig(FollowerConfig follower) {
        SessionConfig config = SessionConfig.defaults(follower);
        if (relocaliseSeconds != null) {
            config = config.withRelocaliseSeconds(relocaliseSeconds);
        }
        config = config.withFarJumps(farJumpSeconds != null ? farJumpSeconds : config.farJumpSeconds(),
                farJumpDisagreements != null ? farJumpDisagreements : config.farJumpDisagreements());
        if (backwardTurnSeconds != null) {
            config = config.withBackwardTurnSeconds(backwardTurnSeconds);
        }
        if (reportedConfidence != null) {
            config = config.withReportedConfidence(reportedConfidenceMap());
        }
        return config.withRelocalisation(jumpMargin != null ? jumpMargin : config.jumpMargin(),
                disagreements != null ? disagreements : config.disagreements());
    }

    /** The map {@code --reported-confidence} gives (null: none given). */
    private ConfidenceMap reportedConfidenceMap() {
        if (reportedConfidence == null) {
            return null;
        }
        if (reportedConfidence.length != 2) {
            throw new IllegalArgumentException("--reported-confidence takes two numbers, BIAS,SLOPE; got "
                    + reportedConfidence.length);
        }
        return new ConfidenceMap(reportedConfidence[0], reportedConfidence[1]);
    }

    static List<TrackedPosition> follow(ScoreTrack track, FollowerConfig config, float[][] embeddings) {
        PieceFollower follower = new PieceFollower(track, config);
        List<TrackedPosition> positions = new ArrayList<>(embeddings.length);
        for (int i = 0; i < embeddings.length; i++) {
            positions.add(follower.step(embeddings[i], AudioEmbeddingRun.frameOf(i)));
        }
        return positions;
    }

    /** Truth events with a score beat; the true page is read from the library's own engraving. */
    static List<TruthEvent> truth(ScoreTrack track, FollowingPerformance performance) {
        List<TruthEvent> events = new ArrayList<>();
        for (TruthNote note : performance.notes()) {
            if (Double.isFinite(note.scoreBeat())) {
                int position = track.positionOfBeats(note.scoreBeat());
                events.add(new TruthEvent(note.timeSeconds(), note.scoreBeat(), track.locate(position).pageIndex()));
            }
        }
        return events;
    }

    /** Median of reported − true score beat over truth events met while following (negative: behind). */
    static double medianSignedBeats(List<TruthEvent> truth, List<TrackedPosition> positions) {
        List<Double> errors = new ArrayList<>();
        int r = -1;
        for (TruthEvent event : truth) {
            while (r + 1 < positions.size() && positions.get(r + 1).timeSeconds() <= event.timeSeconds()) {
                r++;
            }
            if (r >= 0 && positions.get(r).state() == SessionState.FOLLOWING && positions.get(r).place() != null) {
                double error = positions.get(r).place().scoreBeats() - event.scoreBeat();
                if (Math.abs(error) < 4) {
                    errors.add(error);
                }
            }
        }
        errors.sort(Double::compare);
        return errors.isEmpty() ? Double.NaN : errors.get(errors.size() / 2);
    }

    /**
     * Reports with the page the viewer shows: the session's page turns when it emits them (it turns only
     * when confident), else (the bare follower) the page of each following position; and, as the viewer does,
     * the page of the position whenever the session follows another piece than the one shown (a session emits
     * no turn for the first page of a piece it switches to).
     */
    static List<Report> reports(List<MatcherSession.Output> outputs) {
        List<Report> reports = new ArrayList<>(outputs.size());
        boolean sessionTurns = outputs.stream().anyMatch(o -> isFullTurn(o.pageTurn()));
        int shown = -1;
        String shownPiece = "";
        for (MatcherSession.Output o : outputs) {
            TrackedPosition p = o.position();
            boolean following = p.state() == SessionState.FOLLOWING && p.place() != null;
            if (p.place() == null) {
                reports.add(new Report(p.timeSeconds(), false, Double.NaN, Math.max(shown, 0)));
                continue;
            }
            if (!p.pieceId().equals(shownPiece)) {
                shownPiece = p.pieceId();
                shown = p.place().pageIndex();
            } else if (isFullTurn(o.pageTurn())) {
                // a half turn shows the next page's top while this page is still played: the page shown stays
                shown = o.pageTurn().toPage();
            } else if (shown < 0 || !sessionTurns && following) {
                shown = p.place().pageIndex();
            }
            reports.add(new Report(p.timeSeconds(), following, following ? p.place().scoreBeats() : Double.NaN, shown));
        }
        return reports;
    }

    private static boolean isFullTurn(org.leggio.matcher.session.PageTurn turn) {
        return turn != null && turn.kind() == org.leggio.matcher.session.PageTurn.Kind.FULL;
    }

    /**
     * A split's performances (tempo 1.0 only with {@code unscaledOnly}), those whose id, key or score folder matches
     * {@code only} (null: all), at most {@code max} of them evenly spread (0: all).
     *
     * @throws IllegalArgumentException if none is left
     */
    static List<FollowingPerformance> performances(Path dataset, Path asap, String split, boolean unscaledOnly,
            String only, int max) throws IOException {
        List<FollowingPerformance> performances = FollowingCorpus.load(dataset, asap, split, unscaledOnly,
                System.err::println);
        if (only != null) {
            performances = performances.stream().filter(p -> p.performanceId().matches(only) || p.key().matches(only)
                    || p.scoreFolder().matches(only)).toList();
        }
        performances = spread(performances, max);
        if (performances.isEmpty()) {
            throw new IllegalArgumentException("no performances of split " + split + " in " + dataset);
        }
        return performances;
    }

    private static <T> List<T> spread(List<T> items, int max) {
        if (max <= 0 || items.size() <= max) {
            return items;
        }
        List<T> kept = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            kept.add(items.get((int) ((long) i * items.size() / max)));
        }
        return kept;
    }
}
