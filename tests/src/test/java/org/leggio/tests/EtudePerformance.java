package org.leggio.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.source.AudioSources;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.AudioEmbedding;

/**
 * The {@link GeneratedEtude}'s performance as the embedding service would stream it: one
 * {@link AudioEmbedding} every 2 frames (frame 1, 3, 5, …), each embedding the 84 frames that end there
 * (silence before the start), with the loudness of its last 10 frames. Computed here directly from the
 * rendered audio with Leggio's default model, so a matcher test does not depend on the embedding service.
 */
final class EtudePerformance {
    static final int HOP_FRAMES = 2;

    private EtudePerformance() {
    }

    /** The embeddings (session id empty, sequence numbers from 0) of the etude's MIDI rendering. */
    static List<AudioEmbedding> embeddings(Path midi, Path modelDir) {
        Path bank = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
        float[][] bands = Spectrograms.of(AudioSources.openMidi(midi, Files.isRegularFile(bank) ? bank : null));
        int frames = bands[0].length;
        List<AudioEmbedding> out = new ArrayList<>();
        try (Embedder embedder = Embedders.open(modelDir)) {
            int window = embedder.info().audioContextFrames();
            List<float[][]> windows = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            for (int last = HOP_FRAMES - 1; last < frames; last += HOP_FRAMES) {
                windows.add(cut(bands, last, window));
                ends.add(last);
            }
            float[][] values = embedder.embedAudio(windows);
            for (int i = 0; i < values.length; i++) {
                int last = ends.get(i);
                AudioEmbedding.Builder b = AudioEmbedding.newBuilder().setFrameIndex(last).setWindowFrames(window)
                        .setModelId(embedder.info().modelId()).setSequenceNumber(i)
                        .setRecentLogMagnitude(loudness(bands, last));
                for (float v : values[i]) {
                    b.addValues(v);
                }
                out.add(b.build());
            }
        }
        return out;
    }

    private static float[][] cut(float[][] bands, int lastFrame, int window) {
        float[][] w = new float[bands.length][window];
        for (int b = 0; b < bands.length; b++) {
            for (int t = 0; t < window; t++) {
                int frame = lastFrame - window + 1 + t;
                w[b][t] = frame < 0 ? 0 : bands[b][frame];
            }
        }
        return w;
    }

    private static float loudness(float[][] bands, int lastFrame) {
        return org.leggio.ingest.Loudness.at(bands, lastFrame);
    }
}
