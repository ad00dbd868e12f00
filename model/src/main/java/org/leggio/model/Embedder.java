package org.leggio.model;

import java.util.List;

/**
 * Maps audio windows and sheet snippets into the shared embedding space of one model.
 *
 * <p>Inputs: an audio window is {@code float[92][T]} (row = log-frequency band, lowest first;
 * column = 20 fps frame; T = {@link ModelInfo#audioContextFrames()}); a sheet snippet is {@code
 * float[80][100]} (white paper = 1.0, ink ≈ 0.0), as {@link SheetSnippets} cuts it. Outputs: one
 * L2-normalised row of {@link ModelInfo#embeddingDim()} floats per input, in input order; cosine
 * similarity is the dot product.
 *
 * <p>Threading: implementations are thread-safe; calls may run concurrently (each call owns its
 * native memory and frees it before returning). Lifecycle: {@link #close()} frees the model; no
 * call may follow it.
 *
 * @throws EmbeddingException (from every method) for wrong shapes, NaN or infinite values (naming
 *     the input index and position), or a failure of the engine
 */
public interface Embedder extends AutoCloseable {
    /** What model this is (id, audio context, embedding size, device). */
    ModelInfo info();

    /** Embeds audio windows, each {@code [92][T]}; returns {@code [n][embeddingDim]}. */
    float[][] embedAudio(List<float[][]> windows);

    /** Embeds sheet snippets, each {@code [80][100]}; returns {@code [n][embeddingDim]}. */
    float[][] embedSheet(List<float[][]> snippets);

    @Override
    void close();
}
