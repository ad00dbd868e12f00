package org.leggio.app;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;

/**
 * What a service that does not embed needs to know about the model: its id and audio window, read from a
 * model directory's {@code model.json} without loading the weights (a published {@code .npz} is loaded).
 */
record ModelSummary(String modelId, int audioContextFrames) {
    static ModelSummary of(Path model) {
        Path json = model.resolve("model.json");
        if (Files.isRegularFile(json)) {
            try {
                JsonObject o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
                return new ModelSummary(o.get("modelId").getAsString(), o.get("audioContextFrames").getAsInt());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the model description " + json + ": " + e.getMessage(), e);
            }
        }
        try (Embedder embedder = Embedders.open(model)) {
            return new ModelSummary(embedder.info().modelId(), embedder.info().audioContextFrames());
        }
    }
}
