package org.leggio.model.internal;

import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network's weights by their ucasr state-dict names ({@code x_net.encoder.block1.conv1.weight},
 * …), in forward order. Both weight formats use these names, so one table maps every file onto
 * the blocks. The CCA parameters are not in it (they travel in {@code model.json} in Leggio's own
 * format and under {@code cca_layer.*} in the published one).
 */
public final class ParameterTable {
    private final Map<String, Parameter> byKey = new LinkedHashMap<>();

    void put(String key, Parameter parameter) {
        if (byKey.putIfAbsent(key, parameter) != null) {
            throw new IllegalStateException("duplicate weight key " + key);
        }
    }

    /** Every weight key and its parameter, in forward order; read-only. */
    public Map<String, Parameter> entries() {
        return Collections.unmodifiableMap(byKey);
    }

    /** The parameter under {@code key}, or {@code null}. */
    public Parameter get(String key) {
        return byKey.get(key);
    }
}
