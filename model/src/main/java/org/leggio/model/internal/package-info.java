/**
 * The embedding network's implementation, not API: the DJL blocks, weight loading and saving, and
 * the inference runtime behind {@link org.leggio.model.NetworkEmbedder}.
 *
 * <ul>
 *   <li>Blocks: {@link org.leggio.model.internal.TwoPathwayNetwork} (trainable with DJL's training
 *       API) → {@link org.leggio.model.internal.Pathway} ([{@link
 *       org.leggio.model.internal.SoftAttention}] → encoder → {@link
 *       org.leggio.model.internal.CcaProjection} → L2) with the encoder built by {@code
 *       EncoderBlocks} from {@link org.leggio.model.internal.ConvBatchNorm}, ELU and {@link
 *       org.leggio.model.internal.MaxPool2x2}. Every weight is registered under its ucasr
 *       state-dict name in a {@link org.leggio.model.internal.ParameterTable}.
 *   <li>Files: {@link org.leggio.model.internal.PublishedWeights} (the ucasr {@code .npz} files),
 *       {@link org.leggio.model.internal.ModelDirectory} (Leggio's {@code model.json} + {@code
 *       weights.npz}), both through {@link org.leggio.model.internal.NpzArchive} and a strict
 *       key-and-shape check.
 *   <li>Inference: {@link org.leggio.model.internal.NetworkRuntime} owns the native memory of one
 *       loaded network; each call runs through its own DJL predictor and sub-manager.
 * </ul>
 *
 * <p>Nothing here knows about Kafka or score geometry.
 */
package org.leggio.model.internal;
