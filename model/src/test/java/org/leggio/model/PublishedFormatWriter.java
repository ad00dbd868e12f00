package org.leggio.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.leggio.model.internal.NpzArchive;
import org.leggio.model.internal.TwoPathwayNetwork;

/**
 * Writes an embedder's network as a ucasr-style state dict {@code .npz} (the layout of the
 * published files), optionally edited, so tests can make well-formed and broken weights files.
 */
final class PublishedFormatWriter {
    private PublishedFormatWriter() {}

    /** Writes {@code embedder} as a published-format file, letting {@code edit} change the arrays. */
    static void write(NetworkEmbedder embedder, Path file, Consumer<Map<String, NDArray>> edit) throws IOException {
        TwoPathwayNetwork network = embedder.runtime().network();
        int d = network.spec().embeddingDim();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : network.weights().entries().entrySet()) {
                arrays.put(e.getKey(), copy(m, e.getValue().getArray()));
                if (e.getKey().endsWith(".running_var")) {
                    String bn = e.getKey().substring(0, e.getKey().length() - ".running_var".length());
                    arrays.put(bn + ".num_batches_tracked", m.create(1234f).reshape(new Shape()));
                }
            }
            arrays.put("cca_layer.U", copy(m, network.sheet().cca().projection().getArray()));
            arrays.put("cca_layer.V", copy(m, network.audio().cca().projection().getArray()));
            arrays.put("cca_layer.mean1", copy(m, network.sheet().cca().mean().getArray()));
            arrays.put("cca_layer.mean2", copy(m, network.audio().cca().mean().getArray()));
            for (String unused : new String[] {"S11", "S22", "S12", "eye_matrix"}) {
                arrays.put("cca_layer." + unused, m.eye(d).toType(DataType.FLOAT32, false));
            }
            edit.accept(arrays);
            NpzArchive.write(file, arrays);
        }
    }

    private static NDArray copy(NDManager m, NDArray a) {
        return m.create(a.toFloatArray(), a.getShape());
    }
}
