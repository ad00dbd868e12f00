package org.leggio.model.internal;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Consumer;
import org.leggio.model.NetworkSpec;

/**
 * The two-pathway network of PAPER-SPEC §3 (ucasr {@code VGGModel}) as one DJL block, usable with
 * DJL's training API: input {@code NDList(sheet N×1×80×100, audio N×1×92×T)}, output {@code
 * NDList(sheet embeddings N×d, audio embeddings N×d)}, both L2-normalised. The pathways are
 * independent; inference runs each on its own ({@link #sheet()}, {@link #audio()}).
 *
 * <p>Weights are registered in a {@link ParameterTable} under the ucasr names ({@code x_net.*}
 * sheet, {@code y_net.*} audio, {@code att_layer.*} attention).
 */
public final class TwoPathwayNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    private final NetworkSpec spec;
    private final ParameterTable table = new ParameterTable();
    private final Pathway sheet;
    private final Pathway audio;

    /** Builds the (uninitialised) blocks for {@code spec}. */
    public TwoPathwayNetwork(NetworkSpec spec) {
        super(VERSION);
        this.spec = spec;
        this.sheet = addChildBlock("x_net", new Pathway(null,
                EncoderBlocks.pathwayEncoder("x_net", spec.embeddingDim(), table),
                new CcaProjection(spec.embeddingDim())));
        SoftAttention attention =
                spec.attention() ? new SoftAttention(spec.audioContextFrames(), table) : null;
        this.audio = addChildBlock("y_net", new Pathway(attention,
                EncoderBlocks.pathwayEncoder("y_net", spec.embeddingDim(), table),
                new CcaProjection(spec.embeddingDim())));
    }

    /** The spec this network was built for. */
    public NetworkSpec spec() {
        return spec;
    }

    /** The sheet pathway (ucasr {@code x_net}, CCA {@code mean1}/{@code U}). */
    public Pathway sheet() {
        return sheet;
    }

    /** The audio pathway (ucasr {@code y_net}, CCA {@code mean2}/{@code V}). */
    public Pathway audio() {
        return audio;
    }

    /** Every weight except the CCA parameters, by ucasr name. */
    public ParameterTable weights() {
        return table;
    }

    /** The sheet input shape for a batch of {@code n}: n×1×80×100. */
    public static Shape sheetInputShape(long n) {
        return new Shape(n, 1, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS);
    }

    /** The audio input shape for a batch of {@code n}: n×1×92×T. */
    public Shape audioInputShape(long n) {
        return new Shape(n, 1, NetworkSpec.AUDIO_BANDS, spec.audioContextFrames());
    }

    /** Allocates every parameter in {@code manager} with DJL's initialisers. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, sheetInputShape(1), audioInputShape(1));
    }

    /**
     * Fuses every conv → BN pair for inference ({@link ConvBatchNorm#fuse}); the fused weights
     * live in {@code manager}. Only for networks that are no longer trained.
     */
    public void fuseBatchNorms(NDManager manager) {
        forEachConvBatchNorm(this, cbn -> cbn.fuse(manager));
    }

    /** Drops the fused weights: the network computes conv then BN again. */
    public void unfuseBatchNorms() {
        forEachConvBatchNorm(this, ConvBatchNorm::unfuse);
    }

    private static void forEachConvBatchNorm(Block block, Consumer<ConvBatchNorm> action) {
        if (block instanceof ConvBatchNorm) {
            action.accept((ConvBatchNorm) block);
            return;
        }
        for (Block child : block.getChildren().values()) {
            forEachConvBatchNorm(child, action);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    "TwoPathwayNetwork takes NDList(sheet, audio) but got " + inputs.size() + " arrays");
        }
        NDList es = sheet.forward(parameterStore, new NDList(inputs.get(0)), training);
        NDList ea = audio.forward(parameterStore, new NDList(inputs.get(1)), training);
        return new NDList(es.singletonOrThrow(), ea.singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[0].get(0), spec.embeddingDim()),
            new Shape(inputShapes[1].get(0), spec.embeddingDim())
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        sheet.initialize(manager, dataType, inputShapes[0]);
        audio.initialize(manager, dataType, inputShapes[1]);
    }
}
