package org.leggio.model.internal;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.leggio.model.NetworkSpec;

/**
 * Builds the snippet encoder of PAPER-SPEC §3.1 from DJL blocks and registers each parameter in a
 * {@link ParameterTable} under its ucasr name.
 */
final class EncoderBlocks {
    /** Channels of the four conv blocks. */
    static final int[] CHANNELS = {24, 48, 96, 96};
    /** BatchNorm ε (PyTorch default; the published weights were trained with it). */
    static final float BN_EPSILON = 1e-5f;
    /** DJL momentum 0.9 keeps 90 % of the running statistics: PyTorch's momentum 0.1. */
    static final float BN_MOMENTUM = 0.9f;

    private EncoderBlocks() {}

    /**
     * The four conv blocks: 4 × [conv3×3 → BN → ELU, conv3×3 → BN → ELU, maxpool 2×2 floor]
     * ({@link MaxPool2x2}). Each block's pool runs before its second ELU, which gives the same
     * values (ELU is non-decreasing, so the max commutes with it) for a quarter of the ELU work.
     *
     * @param prefix key prefix, e.g. {@code x_net.encoder} or {@code att_layer}
     */
    static SequentialBlock convStack(String prefix, ParameterTable table) {
        SequentialBlock stack = new SequentialBlock();
        for (int b = 0; b < CHANNELS.length; b++) {
            stack.add(convBlock(prefix + ".block" + (b + 1), CHANNELS[b], table));
        }
        return stack;
    }

    /**
     * The whole pathway encoder up to the pre-CCA code: conv stack, conv1×1 → 32 (no bias), BN,
     * flatten (C,H,W), Linear → {@code embeddingDim} (with bias).
     *
     * @param prefix {@code x_net} (sheet) or {@code y_net} (audio)
     */
    static SequentialBlock pathwayEncoder(String prefix, int embeddingDim, ParameterTable table) {
        SequentialBlock encoder = convStack(prefix + ".encoder", table);
        encoder.add(convBatchNorm(prefix + ".encoder.conv", prefix + ".encoder.bn",
                NetworkSpec.ENCODER_MAPS, 1, table));
        encoder.add(Blocks.batchFlattenBlock());
        Linear linear = Linear.builder().setUnits(embeddingDim).optBias(true).build();
        table.put(prefix + ".mlp_head.weight", linear.getParameters().get("weight"));
        table.put(prefix + ".mlp_head.bias", linear.getParameters().get("bias"));
        encoder.add(linear);
        return encoder;
    }

    private static SequentialBlock convBlock(String prefix, int channels, ParameterTable table) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 1; i <= 2; i++) {
            block.add(convBatchNorm(prefix + ".conv" + i, prefix + ".bn" + i, channels, 3, table));
            if (i == 2) {
                // pool(ELU(z)) == ELU(pool(z)) exactly (ELU is non-decreasing); pooling first
                // runs the second ELU on a quarter of the values
                block.add(new MaxPool2x2());
            }
            block.add(Activation.eluBlock(1f));
        }
        return block;
    }

    /** conv k×k (stride 1, zero padding k/2, no bias) → BN, registered under the two prefixes. */
    private static ConvBatchNorm convBatchNorm(
            String convPrefix, String bnPrefix, int channels, int kernel, ParameterTable table) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(channels)
                .optBias(false)
                .build();
        table.put(convPrefix + ".weight", conv.getParameters().get("weight"));
        return new ConvBatchNorm(conv, batchNorm(bnPrefix, table), BN_EPSILON, kernel);
    }

    private static BatchNorm batchNorm(String prefix, ParameterTable table) {
        BatchNorm bn = BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
        table.put(prefix + ".weight", bn.getParameters().get("gamma"));
        table.put(prefix + ".bias", bn.getParameters().get("beta"));
        table.put(prefix + ".running_mean", bn.getParameters().get("runningMean"));
        table.put(prefix + ".running_var", bn.getParameters().get("runningVar"));
        return bn;
    }
}
