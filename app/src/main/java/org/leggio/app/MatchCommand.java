package org.leggio.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.stream.MatcherService;
import org.leggio.matcher.stream.MatcherStreamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio match}: one instance of the streaming matcher, until Ctrl-C. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Runs one matcher instance until Ctrl-C: audio embeddings and session commands in, positions,",
            "identifications and page turns out (leggio.positions), exactly once. Scores come from leggio.scores",
            "(publish them with `leggio score add … --bootstrap` or `leggio score publish`). Start more instances",
            "with the same --application-id to share the sessions; a dead instance's sessions move to the others."})
final class MatchCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ModelOption model;

    @Mixin
    ServiceOptions service;

    @Option(names = "--idle-expiry", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Forget a session after this long without input (default: ${DEFAULT-VALUE} s).")
    long idleExpirySeconds;

    @Option(names = "--lone-max-cost", paramLabel = "COST", defaultValue = "0.4",
            description = {"A library of one piece has no runner-up to compare with: announce it only at a DTW cost (mean",
                "cosine distance) of at most COST, three verifications in a row (default: ${DEFAULT-VALUE})."})
    double loneMaxCost;

    @Option(names = "--notes", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"Refine positions in pieces imported from MusicXML with their notes and the spectrogram frames",
                "the embeddings carry, and check jumps against the notes (default: on)."})
    boolean notes;

    /**
     * The matcher's defaults for a model: its id, a follower for its window (centred or causal), and note-level
     * refinement of pieces with notes.
     */
    static MatcherStreamConfig forModel(String modelId, int windowFrames) {
        MatcherStreamConfig config = MatcherStreamConfig.defaults(modelId, windowFrames, AudioEmbeddingRun.HOP_FRAMES);
        return config.withSession(config.session().withFollower(FollowCommand.followerConfig(modelId, windowFrames,
                null))).withNotes(NoteRefinement.chroma(), NoteAlignerConfig.defaults());
    }

    @Override
    public Integer call() throws Exception {
        if (idleExpirySeconds < 1) {
            throw new IllegalArgumentException("--idle-expiry must be >= 1 s but was " + idleExpirySeconds);
        }
        ModelSummary summary = ModelSummary.of(model.resolve());
        MatcherStreamConfig base = forModel(summary.modelId(), summary.audioContextFrames())
                .withIdleExpiry(Duration.ofSeconds(idleExpirySeconds));
        MatcherStreamConfig config = base.withSession(base.session().withIdentifier(
                base.session().identifier().withLoneMaxCost(loneMaxCost)));
        if (!notes) {
            config = config.withoutNotes();
        }
        java.util.Map<String, Object> overrides = service.overrides();
        try (KafkaOptions.Connection connection = kafka.connect()) {
            Path stateDir = service.stateDirectory("match");
            try (MatcherService matcher = new MatcherService(connection.bootstrapServers(),
                    service.applicationId(MatcherService.DEFAULT_APPLICATION_ID), stateDir, config,
                    overrides)) {
                CountDownLatch stopped = ServiceRunner.stopOnShutdown(matcher::close, "leggio-match-shutdown");
                matcher.start(Duration.ofSeconds(120));
                System.out.printf("leggio match: running on %s (model %s, %d pieces, state in %s). Ctrl-C stops it.%n",
                        connection.bootstrapServers(), summary.modelId(), matcher.library().size(), stateDir);
                stopped.await();
            }
        }
        return 0;
    }
}
