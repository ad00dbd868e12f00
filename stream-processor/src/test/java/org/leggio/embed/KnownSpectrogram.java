package org.leggio.embed;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.leggio.model.Embedder;
import org.leggio.model.EmbeddingException;
import org.leggio.model.ModelInfo;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/** A spectrogram whose every value is known, its chunks, and a probe of which frames reach the network. */
public final class KnownSpectrogram {
    public static final int BANDS = 92;
    public static final int T = 84;
    public static final long CAPTURE_START = 1_700_000_000_000_000L;

    private KnownSpectrogram() {
    }

    /**
     * Not a stand-in for the network but a probe of what reaches it: each "embedding" is the window's last
     * frame (bands 0-15) and first frame (bands 0-15), so a test sees exactly which frames made the window.
     */
    public static final class ProbeEmbedder implements Embedder {
        public final List<Integer> batchSizes = new ArrayList<>();
        /** The call (0 = first) that fails as the engine would; −1: none. */
        public int failingCall = -1;

        @Override
        public ModelInfo info() {
            return new ModelInfo("probe", T, 32, false, "cpu");
        }

        @Override
        public synchronized float[][] embedAudio(List<float[][]> windows) {
            batchSizes.add(windows.size());
            if (batchSizes.size() - 1 == failingCall) {
                throw new EmbeddingException("engine failure on call " + failingCall);
            }
            float[][] out = new float[windows.size()][32];
            for (int i = 0; i < windows.size(); i++) {
                for (int d = 0; d < 16; d++) {
                    out[i][d] = windows.get(i)[d][T - 1];
                    out[i][16 + d] = windows.get(i)[d][0];
                }
            }
            return out;
        }

        @Override
        public float[][] embedSheet(List<float[][]> snippets) {
            throw new UnsupportedOperationException("audio only");
        }

        @Override
        public void close() {
        }
    }

    /** Band b of frame f: distinct, exactly representable values. */
    public static float value(long frame, int band) {
        return ((frame * BANDS + band) % 4096) / 4096f;
    }

    public static SpectrogramChunk chunk(String session, long sequence, long firstFrame, int frames, boolean end) {
        ByteBuffer values = ByteBuffer.allocate(frames * BANDS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < BANDS; b++) {
                values.putFloat(value(firstFrame + f, b));
            }
        }
        return SpectrogramChunk.newBuilder().setSessionId(session).setSequenceNumber(sequence)
                .setFirstFrameIndex(firstFrame).setFrameCount(frames).setBandCount(BANDS)
                .setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT32).setValues(ByteString.copyFrom(values.array()))
                .setCaptureTimeMicros(CAPTURE_START + firstFrame * 50_000L).setEndOfStream(end).build();
    }
}
