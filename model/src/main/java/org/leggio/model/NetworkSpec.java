package org.leggio.model;

import java.util.List;

/**
 * The shape of one two-pathway embedding network: everything that decides which weights fit it.
 *
 * <p>The architecture itself is fixed (DESIGN.md §4, PAPER-SPEC.md §3): per pathway 4 × [conv3×3 →
 * BN → ELU, conv3×3 → BN → ELU, maxpool 2] with 24/48/96/96 channels, conv1×1 → 32, BN, flatten
 * (C,H,W) → Linear → {@code embeddingDim}, then the CCA layer and L2 normalisation. Sheet input is
 * 1×{@value #SHEET_ROWS}×{@value #SHEET_COLUMNS}; audio input is 1×{@value #AUDIO_BANDS}×T.
 *
 * @param audioContextFrames T, the audio window length in 20 fps frames: 42, 84 or 168
 * @param attention whether the audio pathway has the soft-attention branch (PAPER-SPEC §3.2)
 * @param embeddingDim size of an embedding (32 for the published network)
 */
public record NetworkSpec(int audioContextFrames, boolean attention, int embeddingDim) {
    /** Rows of a sheet snippet (half of the 160 px crop height). */
    public static final int SHEET_ROWS = 80;
    /** Columns of a sheet snippet (half of the 200 px crop width). */
    public static final int SHEET_COLUMNS = 100;
    /** Log-frequency bands of an audio window. */
    public static final int AUDIO_BANDS = 92;
    /** The audio contexts the architecture supports (2.1 s, 4.2 s, 8.4 s at 20 fps). */
    public static final List<Integer> SUPPORTED_AUDIO_CONTEXTS = List.of(42, 84, 168);
    /** Feature maps of the 1×1 convolution before the flatten (hard-coded in the original). */
    public static final int ENCODER_MAPS = 32;

    /** Validates the spec. */
    public NetworkSpec {
        if (!SUPPORTED_AUDIO_CONTEXTS.contains(audioContextFrames)) {
            throw new IllegalArgumentException("audioContextFrames must be one of "
                    + SUPPORTED_AUDIO_CONTEXTS + " but was " + audioContextFrames);
        }
        if (embeddingDim <= 0) {
            throw new IllegalArgumentException("embeddingDim must be > 0 but was " + embeddingDim);
        }
    }

    /** The published ucasr network: T = 84, no attention, 32-d embeddings. */
    public static NetworkSpec published() {
        return new NetworkSpec(84, false, 32);
    }

    /** Input size of the sheet pathway's Linear layer: 32 · 5 · 6 = 960. */
    public int sheetFlattenSize() {
        return ENCODER_MAPS * (SHEET_ROWS / 16) * (SHEET_COLUMNS / 16);
    }

    /** Input size of the audio pathway's Linear layer: 32 · 5 · ⌊T/16⌋ (320, 800, 1600). */
    public int audioFlattenSize() {
        return audioFlattenSize(audioContextFrames);
    }

    /** Input size of the audio pathway's Linear layer for a given T: 32 · 5 · ⌊T/16⌋. */
    public static int audioFlattenSize(int audioContextFrames) {
        return ENCODER_MAPS * (AUDIO_BANDS / 16) * (audioContextFrames / 16);
    }
}
