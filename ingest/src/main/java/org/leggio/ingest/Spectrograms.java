package org.leggio.ingest;

import java.util.ArrayList;
import java.util.List;
import org.leggio.proto.v1.ValueEncoding;

/** Whole-file spectrograms for inspection and offline tools (memory grows with the input). */
public final class Spectrograms {
    private Spectrograms() {}

    /**
     * The spectrogram of everything {@code source} delivers, resampled to 22050 Hz as needed:
     * {@code [band][frame]}, 92 × ceil(n / 1102.5), float32 precision (no chunk encoding loss).
     */
    public static float[][] of(AudioSource source) {
        List<float[]> frames = new ArrayList<>();
        IngestConfig config = IngestConfig.builder("spectrogram")
                .encoding(ValueEncoding.VALUE_ENCODING_FLOAT32)
                .framesPerChunk(1)
                .build();
        new IngestPipeline(config).run(source, chunk -> {
            if (chunk.getFrameCount() > 0) {
                frames.add(ChunkCodec.decode(chunk));
            }
        }, null);
        float[][] out = new float[FrontEnd.BAND_COUNT][frames.size()];
        for (int k = 0; k < frames.size(); k++) {
            float[] frame = frames.get(k);
            for (int b = 0; b < FrontEnd.BAND_COUNT; b++) {
                out[b][k] = frame[b];
            }
        }
        return out;
    }
}
