package org.leggio.model.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.leggio.model.EmbeddingException;
import org.leggio.model.NetworkSpec;

/**
 * Leggio's own model format: a directory with {@value #MODEL_JSON} (what the network is, the CCA
 * layer) and {@value #WEIGHTS_NPZ} (every other weight as float32 under its ucasr name, see {@link
 * TwoPathwayNetwork#weights()}).
 *
 * <p>{@code model.json}:
 *
 * <pre>
 * { "format": "leggio-embedding-model", "formatVersion": 1,
 *   "architecture": "ucasr-two-pathway-cca", "modelId": "…",
 *   "audioContextFrames": 84, "embeddingDim": 32, "attention": false,
 *   "input": { "sheet": [1, 80, 100], "audio": [1, 92, 84] },
 *   "weights": "weights.npz",
 *   "cca": { "sheetMean": [d], "sheetProjection": [d][d], "audioMean": [d], "audioProjection": [d][d] } }
 * </pre>
 *
 * <p>Floats are written in Java's shortest round-trip decimal form and read back with {@link
 * Float#parseFloat}, so a save → load round trip is bit-exact.
 */
public final class ModelDirectory {
    /** The description file. */
    public static final String MODEL_JSON = "model.json";
    /** The weights file. */
    public static final String WEIGHTS_NPZ = "weights.npz";
    /** Value of {@code format}. */
    public static final String FORMAT = "leggio-embedding-model";
    /** Value of {@code formatVersion} this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Value of {@code architecture}. */
    public static final String ARCHITECTURE = "ucasr-two-pathway-cca";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ModelDirectory() {}

    /** Whether {@code dir} looks like a model directory (has {@value #MODEL_JSON}). */
    public static boolean isModelDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(MODEL_JSON));
    }

    /** Writes {@code runtime}'s network under {@code modelId} into {@code dir} (created if needed). */
    public static void save(NetworkRuntime runtime, String modelId, Path dir) {
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            Files.createDirectories(dir);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : runtime.network().weights().entries().entrySet()) {
                NDArray value = e.getValue().getArray();
                arrays.put(e.getKey(), scratch.create(value.toFloatArray(), value.getShape()));
            }
            Path weightsTmp = dir.resolve(WEIGHTS_NPZ + ".tmp");
            NpzArchive.write(weightsTmp, arrays);
            Path jsonTmp = dir.resolve(MODEL_JSON + ".tmp");
            try (Writer w = Files.newBufferedWriter(jsonTmp, StandardCharsets.UTF_8)) {
                GSON.toJson(describe(runtime, modelId), w);
            }
            Files.move(weightsTmp, dir.resolve(WEIGHTS_NPZ), StandardCopyOption.REPLACE_EXISTING);
            Files.move(jsonTmp, dir.resolve(MODEL_JSON), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw new EmbeddingException("can't save the model to " + dir + ": " + e, e);
        }
    }

    /** A loaded model directory: the network and its id. */
    public record Loaded(NetworkRuntime runtime, String modelId) {}

    /** The {@code modelId} of the model in {@code dir}, without loading the weights. */
    public static String readModelId(Path dir) {
        Path jsonFile = dir.resolve(MODEL_JSON);
        try {
            JsonObject json = JsonParser.parseString(Files.readString(jsonFile, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonElement id = json.get("modelId");
            if (id == null || !id.isJsonPrimitive()) {
                throw new EmbeddingException(jsonFile + " has no modelId");
            }
            return id.getAsString();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new EmbeddingException("can't read " + jsonFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code dir} and builds its network on {@code device}. */
    public static Loaded load(Path dir, Device device) {
        Path jsonFile = dir.resolve(MODEL_JSON);
        if (!Files.isDirectory(dir)) {
            throw new EmbeddingException("model directory " + dir + " does not exist");
        }
        if (!Files.isRegularFile(jsonFile)) {
            throw new EmbeddingException("model directory " + dir + " has no " + MODEL_JSON
                    + " (expected a Leggio model directory or a published .npz file)");
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(jsonFile, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new EmbeddingException("can't read " + jsonFile + ": " + e.getMessage(), e);
        }
        Description d = parse(json, jsonFile);
        Path weights = dir.resolve(d.weights);
        NetworkRuntime runtime = NetworkRuntime.create(d.spec, device);
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            WeightBinder binder = new WeightBinder(weights);
            runtime.network().weights().entries().forEach(binder::bind);
            binder.apply(NpzArchive.read(weights, scratch));
            setCca(runtime.network().sheet().cca(), d.sheetMean, d.sheetProjection);
            setCca(runtime.network().audio().cca(), d.audioMean, d.audioProjection);
            return new Loaded(runtime, d.modelId);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private static JsonObject describe(NetworkRuntime runtime, String modelId) {
        NetworkSpec spec = runtime.spec();
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("formatVersion", FORMAT_VERSION);
        json.addProperty("architecture", ARCHITECTURE);
        json.addProperty("modelId", modelId);
        json.addProperty("audioContextFrames", spec.audioContextFrames());
        json.addProperty("embeddingDim", spec.embeddingDim());
        json.addProperty("attention", spec.attention());
        JsonObject input = new JsonObject();
        input.add("sheet", ints(1, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS));
        input.add("audio", ints(1, NetworkSpec.AUDIO_BANDS, spec.audioContextFrames()));
        json.add("input", input);
        json.addProperty("weights", WEIGHTS_NPZ);
        JsonObject cca = new JsonObject();
        CcaProjection sheet = runtime.network().sheet().cca();
        CcaProjection audio = runtime.network().audio().cca();
        cca.add("sheetMean", floats(sheet.mean().getArray().toFloatArray()));
        cca.add("sheetProjection", matrix(sheet.projection().getArray().toFloatArray(), sheet.dim()));
        cca.add("audioMean", floats(audio.mean().getArray().toFloatArray()));
        cca.add("audioProjection", matrix(audio.projection().getArray().toFloatArray(), audio.dim()));
        json.add("cca", cca);
        return json;
    }

    private record Description(NetworkSpec spec, String modelId, String weights, float[] sheetMean,
            float[][] sheetProjection, float[] audioMean, float[][] audioProjection) {}

    private static Description parse(JsonObject json, Path file) {
        String format = string(json, "format", file);
        if (!FORMAT.equals(format)) {
            throw new EmbeddingException(file + ": format is '" + format + "' but '" + FORMAT + "' is expected");
        }
        int version = integer(json, "formatVersion", file);
        if (version != FORMAT_VERSION) {
            throw new EmbeddingException(file + ": formatVersion " + version
                    + " is not supported (this build reads version " + FORMAT_VERSION + ")");
        }
        String architecture = string(json, "architecture", file);
        if (!ARCHITECTURE.equals(architecture)) {
            throw new EmbeddingException(file + ": architecture '" + architecture + "' is not supported (only '"
                    + ARCHITECTURE + "')");
        }
        String modelId = string(json, "modelId", file);
        if (modelId.isBlank() || modelId.chars().anyMatch(Character::isWhitespace)) {
            throw new EmbeddingException(file + ": modelId must be non-blank without whitespace but was '"
                    + modelId + "'");
        }
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(integer(json, "audioContextFrames", file),
                    bool(json, "attention", file), integer(json, "embeddingDim", file));
        } catch (IllegalArgumentException e) {
            throw new EmbeddingException(file + ": " + e.getMessage(), e);
        }
        JsonObject input = object(json, "input", file);
        expectInts(input, "sheet", file, 1, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS);
        expectInts(input, "audio", file, 1, NetworkSpec.AUDIO_BANDS, spec.audioContextFrames());
        String weights = string(json, "weights", file);
        if (weights.contains("/") || weights.contains("\\") || weights.startsWith(".")) {
            throw new EmbeddingException(file + ": weights must be a plain file name in the directory but was '"
                    + weights + "'");
        }
        JsonObject cca = object(json, "cca", file);
        int d = spec.embeddingDim();
        return new Description(spec, modelId, weights,
                vector(cca, "sheetMean", d, file), matrix(cca, "sheetProjection", d, file),
                vector(cca, "audioMean", d, file), matrix(cca, "audioProjection", d, file));
    }

    private static void setCca(CcaProjection cca, float[] mean, float[][] projection) {
        NetworkRuntime.copyInto(cca.mean(), mean);
        float[] flat = new float[cca.dim() * cca.dim()];
        for (int i = 0; i < cca.dim(); i++) {
            System.arraycopy(projection[i], 0, flat, i * cca.dim(), cca.dim());
        }
        NetworkRuntime.copyInto(cca.projection(), flat);
    }

    private static JsonArray ints(int... values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    private static JsonArray floats(float[] values) {
        JsonArray a = new JsonArray();
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("CCA parameter is not finite: " + v);
            }
            a.add(v);
        }
        return a;
    }

    private static JsonArray matrix(float[] flat, int dim) {
        JsonArray rows = new JsonArray();
        for (int i = 0; i < dim; i++) {
            float[] row = new float[dim];
            System.arraycopy(flat, i * dim, row, 0, dim);
            rows.add(floats(row));
        }
        return rows;
    }

    private static JsonElement member(JsonObject json, String name, Path file) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) {
            throw new EmbeddingException(file + ": missing field '" + name + "'");
        }
        return e;
    }

    private static String string(JsonObject json, String name, Path file) {
        JsonElement e = member(json, name, file);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new EmbeddingException(file + ": field '" + name + "' must be a string but was " + e);
        }
        return e.getAsString();
    }

    private static int integer(JsonObject json, String name, Path file) {
        JsonElement e = member(json, name, file);
        try {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                return Integer.parseInt(e.getAsString());
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new EmbeddingException(file + ": field '" + name + "' must be an integer but was " + e);
    }

    private static boolean bool(JsonObject json, String name, Path file) {
        JsonElement e = member(json, name, file);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new EmbeddingException(file + ": field '" + name + "' must be true or false but was " + e);
        }
        return e.getAsBoolean();
    }

    private static JsonObject object(JsonObject json, String name, Path file) {
        JsonElement e = member(json, name, file);
        if (!e.isJsonObject()) {
            throw new EmbeddingException(file + ": field '" + name + "' must be an object");
        }
        return e.getAsJsonObject();
    }

    private static void expectInts(JsonObject json, String name, Path file, int... expected) {
        JsonElement e = member(json, name, file);
        JsonArray want = ints(expected);
        if (!want.equals(e)) {
            throw new EmbeddingException(file + ": input." + name + " is " + e + " but the architecture needs "
                    + want);
        }
    }

    private static float[] vector(JsonObject json, String name, int length, Path file) {
        JsonElement e = member(json, name, file);
        if (!e.isJsonArray() || e.getAsJsonArray().size() != length) {
            throw new EmbeddingException(file + ": cca." + name + " must be an array of " + length + " numbers");
        }
        float[] out = new float[length];
        JsonArray a = e.getAsJsonArray();
        for (int i = 0; i < length; i++) {
            out[i] = number(a.get(i), "cca." + name + "[" + i + "]", file);
        }
        return out;
    }

    private static float[][] matrix(JsonObject json, String name, int dim, Path file) {
        JsonElement e = member(json, name, file);
        if (!e.isJsonArray() || e.getAsJsonArray().size() != dim) {
            throw new EmbeddingException(file + ": cca." + name + " must be " + dim + " rows of " + dim + " numbers");
        }
        float[][] out = new float[dim][];
        JsonArray rows = e.getAsJsonArray();
        for (int i = 0; i < dim; i++) {
            JsonElement row = rows.get(i);
            if (!row.isJsonArray() || row.getAsJsonArray().size() != dim) {
                throw new EmbeddingException(file + ": cca." + name + " row " + i + " must be " + dim + " numbers");
            }
            out[i] = new float[dim];
            for (int j = 0; j < dim; j++) {
                out[i][j] = number(row.getAsJsonArray().get(j), "cca." + name + "[" + i + "][" + j + "]", file);
            }
        }
        return out;
    }

    private static float number(JsonElement e, String where, Path file) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            try {
                float v = Float.parseFloat(e.getAsString());
                if (Float.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new EmbeddingException(file + ": " + where + " must be a finite number but was " + e);
    }
}
