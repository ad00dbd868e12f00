package org.leggio.model.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.leggio.model.EmbeddingException;
import org.leggio.model.NetworkSpec;

/**
 * Loads the published ucasr weights ({@code params_mc_audio.npz}, {@code params_mc_audio_score.npz},
 * {@code params_mc_mixed.npz}; see {@code models/ucasr/README.md}).
 *
 * <p>Mapping: every state-dict key {@code x_net.*}, {@code y_net.*}, {@code att_layer.*} goes to
 * the DJL parameter registered under the same name in {@link TwoPathwayNetwork#weights()} (BN
 * {@code weight/bias/running_mean/running_var} → DJL {@code gamma/beta/runningMean/runningVar};
 * conv weights OIHW and Linear weights [out, in] are DJL's layouts as they are). {@code
 * *.mlp_head_x.*} is the older name of {@code *.mlp_head.*}. {@code cca_layer.mean1}/{@code U} go
 * to the sheet CCA projection, {@code mean2}/{@code V} to the audio one. {@code
 * *.num_batches_tracked}, {@code cca_layer.S11/S22/S12/eye_matrix} must be present with the right
 * shape and are not used. The audio context T, the embedding size and the attention flag are read
 * from the shapes ({@code y_net.mlp_head.weight} is [d, 32·5·⌊T/16⌋]) and the keys.
 */
public final class PublishedWeights {
    private static final String OLD_HEAD = ".mlp_head_x.";
    private static final String HEAD = ".mlp_head.";

    private PublishedWeights() {}

    /** Model id from the file name: {@code params_mc_audio.npz} → {@code ucasr-mc-audio}. */
    public static String modelIdFor(Path file) {
        String name = file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".npz")) {
            name = name.substring(0, name.length() - 4);
        }
        if (name.startsWith("params_")) {
            name = name.substring("params_".length());
        }
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "ucasr-" + (id.isEmpty() ? "model" : id);
    }

    /** Reads {@code file}, builds the network it describes on {@code device}, and loads it. */
    public static NetworkRuntime load(Path file, Device device) {
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = canonicalNames(NpzArchive.read(file, scratch), file);
            NetworkSpec spec = inferSpec(arrays, file);
            NetworkRuntime runtime = NetworkRuntime.create(spec, device);
            try {
                binder(runtime, file).apply(arrays);
                return runtime;
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
        }
    }

    private static Map<String, NDArray> canonicalNames(Map<String, NDArray> arrays, Path file) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            String key = e.getKey().replace(OLD_HEAD, HEAD);
            if (out.putIfAbsent(key, e.getValue()) != null) {
                throw new EmbeddingException("weights file " + file + " holds both '" + key
                        + "' and its old name '" + key.replace(HEAD, OLD_HEAD) + "'");
            }
        }
        return out;
    }

    static NetworkSpec inferSpec(Map<String, NDArray> arrays, Path file) {
        String key = "y_net.mlp_head.weight";
        NDArray head = arrays.get(key);
        if (head == null) {
            throw new EmbeddingException("weights file " + file + " is not a ucasr two-pathway network: missing key '"
                    + key + "' (nor y_net.mlp_head_x.weight); keys start with " + firstKeys(arrays));
        }
        Shape shape = head.getShape();
        if (shape.dimension() != 2) {
            throw new EmbeddingException("weights file " + file + ": key '" + key + "' has shape " + shape
                    + " but a Linear weight [embeddingDim, inputs] is expected");
        }
        int inputs = Math.toIntExact(shape.get(1));
        int frames = 0;
        StringBuilder known = new StringBuilder();
        for (int t : NetworkSpec.SUPPORTED_AUDIO_CONTEXTS) {
            int size = NetworkSpec.audioFlattenSize(t);
            known.append(known.length() == 0 ? "" : ", ").append(size).append(" for T=").append(t);
            if (size == inputs) {
                frames = t;
            }
        }
        if (frames == 0) {
            throw new EmbeddingException("weights file " + file + ": key '" + key + "' has shape " + shape
                    + ": its " + inputs + " inputs match no supported audio context (" + known + ")");
        }
        boolean attention = arrays.keySet().stream().anyMatch(k -> k.startsWith("att_layer."));
        return new NetworkSpec(frames, attention, Math.toIntExact(shape.get(0)));
    }

    private static WeightBinder binder(NetworkRuntime runtime, Path file) {
        TwoPathwayNetwork network = runtime.network();
        int d = network.spec().embeddingDim();
        WeightBinder binder = new WeightBinder(file);
        network.weights().entries().forEach((key, parameter) -> {
            binder.bind(key, parameter);
            if (key.endsWith(".running_var")) {
                String bn = key.substring(0, key.length() - ".running_var".length());
                binder.ignore(bn + ".num_batches_tracked", new Shape(),
                        DataType.FLOAT32, DataType.INT64, DataType.FLOAT64);
            }
        });
        binder.bind("cca_layer.mean1", network.sheet().cca().mean());
        binder.bind("cca_layer.U", network.sheet().cca().projection());
        binder.bind("cca_layer.mean2", network.audio().cca().mean());
        binder.bind("cca_layer.V", network.audio().cca().projection());
        for (String unused : new String[] {"S11", "S22", "S12", "eye_matrix"}) {
            binder.ignore("cca_layer." + unused, new Shape(d, d));
        }
        return binder;
    }

    private static String firstKeys(Map<String, NDArray> arrays) {
        return arrays.keySet().stream().limit(3).toList().toString();
    }
}
