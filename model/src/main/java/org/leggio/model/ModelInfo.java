package org.leggio.model;

/**
 * Describes a loaded model.
 *
 * @param modelId stable id that travels with every embedding; embeddings are comparable only within one id
 * @param audioContextFrames T, the audio window length in 20 fps frames (42, 84 or 168)
 * @param embeddingDim size of an embedding (32 for the published network)
 * @param attention whether the audio pathway has the soft-attention branch
 * @param device where inference runs, e.g. "cpu()" or "gpu(0)"
 */
public record ModelInfo(String modelId, int audioContextFrames, int embeddingDim, boolean attention, String device) {}
