package org.leggio.app;

import org.leggio.ingest.Loudness;

/**
 * Whether each audio embedding's window ends in sound, as the streaming matcher decides it: the
 * embedding's {@link Loudness} (the loudest band, averaged over the last 0.5 s) above {@link #THRESHOLD}.
 */
final class SilenceGate {
    static final double THRESHOLD = org.leggio.matcher.stream.MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD;

    private SilenceGate() {}

    /** Per embedding (frame of embedding i: {@link AudioEmbeddingRun#frameOf}), whether it is audible. */
    static boolean[] audible(float[][] bandsByFrames, int embeddings) {
        boolean[] audible = new boolean[embeddings];
        for (int i = 0; i < embeddings; i++) {
            audible[i] = Loudness.at(bandsByFrames, AudioEmbeddingRun.frameOf(i)) > THRESHOLD;
        }
        return audible;
    }
}
