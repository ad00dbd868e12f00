package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leggio.model.EmbeddingException;

/**
 * Matches the arrays of a weights file against what the network expects, key by key, and copies
 * them in. Everything is checked before anything is copied: every key of the file must be
 * expected, every expected key present, every shape equal, every array float32.
 */
final class WeightBinder {
    private final Path file;
    private final Map<String, Shape> expectedShapes = new LinkedHashMap<>();
    private final Map<String, Parameter> targets = new LinkedHashMap<>();
    private final Map<String, DataType[]> dataTypes = new LinkedHashMap<>();

    WeightBinder(Path file) {
        this.file = file;
    }

    /** A key whose values go into {@code parameter} (its current shape is the expected one). */
    WeightBinder bind(String key, Parameter parameter) {
        expectedShapes.put(key, parameter.getArray().getShape());
        targets.put(key, parameter);
        dataTypes.put(key, new DataType[] {DataType.FLOAT32});
        return this;
    }

    /** A key that must be present with this shape but is not used. */
    WeightBinder ignore(String key, Shape shape, DataType... accepted) {
        expectedShapes.put(key, shape);
        dataTypes.put(key, accepted.length == 0 ? new DataType[] {DataType.FLOAT32} : accepted);
        return this;
    }

    /** Checks {@code arrays} against the expectations and copies the bound ones. */
    void apply(Map<String, NDArray> arrays) {
        List<String> problems = new ArrayList<>();
        for (String key : arrays.keySet()) {
            if (!expectedShapes.containsKey(key)) {
                problems.add("unexpected key '" + key + "' " + arrays.get(key).getShape());
            }
        }
        for (Map.Entry<String, Shape> e : expectedShapes.entrySet()) {
            NDArray array = arrays.get(e.getKey());
            if (array == null) {
                problems.add("missing key '" + e.getKey() + "' (expected shape " + e.getValue() + ")");
            } else if (!array.getShape().equals(e.getValue())) {
                problems.add("key '" + e.getKey() + "' has shape " + array.getShape()
                        + " but the network expects " + e.getValue());
            } else if (!accepts(dataTypes.get(e.getKey()), array.getDataType())) {
                problems.add("key '" + e.getKey() + "' has dtype " + array.getDataType()
                        + " but " + dataTypes.get(e.getKey())[0] + " is expected");
            }
        }
        if (!problems.isEmpty()) {
            throw new EmbeddingException("weights file " + file + " does not fit the network: "
                    + summary(problems));
        }
        for (Map.Entry<String, Parameter> e : targets.entrySet()) {
            NetworkRuntime.copyInto(e.getValue(), arrays.get(e.getKey()).toFloatArray());
        }
    }

    private static boolean accepts(DataType[] accepted, DataType actual) {
        for (DataType t : accepted) {
            if (t == actual) {
                return true;
            }
        }
        return false;
    }

    private static String summary(List<String> problems) {
        int shown = Math.min(problems.size(), 5);
        String text = String.join("; ", problems.subList(0, shown));
        return problems.size() > shown ? text + "; and " + (problems.size() - shown) + " more problem(s)" : text;
    }
}
