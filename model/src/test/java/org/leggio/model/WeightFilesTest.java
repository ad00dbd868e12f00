package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading weights files, good and bad. The published-format files are written from an untrained
 * network in the ucasr layout (same keys and shapes as {@code params_mc_audio.npz}).
 */
class WeightFilesTest {
    private static final EmbedderOptions CPU =
            EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).build();

    private static NetworkEmbedder source;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        source = Embedders.untrained(NetworkSpec.published(), 13, CPU);
    }

    @AfterAll
    static void close() {
        source.close();
    }

    @Test
    void shouldLoadAPublishedFormatFileWithItsIdFromTheFileName() throws IOException {
        Path file = dir.resolve("params_mc_test.npz");
        PublishedFormatWriter.write(source, file, arrays -> {});
        List<float[][]> audio = TestInputs.audio(2, 84, 1);
        List<float[][]> sheet = TestInputs.sheet(2, 2);

        try (NetworkEmbedder e = Embedders.open(file, CPU)) {
            assertThat(e.info()).isEqualTo(new ModelInfo("ucasr-mc-test", 84, 32, false, "cpu()"));
            assertThat(e.embedAudio(audio)).isDeepEqualTo(source.embedAudio(audio));
            assertThat(e.embedSheet(sheet)).isDeepEqualTo(source.embedSheet(sheet));
        }
    }

    @Test
    void shouldAcceptTheOldHeadNameOfParamsMcAudioScore() throws IOException {
        Path file = dir.resolve("params_mc_audio_score.npz");
        PublishedFormatWriter.write(source, file, arrays -> {
            for (String p : new String[] {"x_net", "y_net"}) {
                arrays.put(p + ".mlp_head_x.weight", arrays.remove(p + ".mlp_head.weight"));
                arrays.put(p + ".mlp_head_x.bias", arrays.remove(p + ".mlp_head.bias"));
            }
        });
        List<float[][]> audio = TestInputs.audio(1, 84, 3);

        try (NetworkEmbedder e = Embedders.openPublished(file, CPU)) {
            assertThat(e.info().modelId()).isEqualTo("ucasr-mc-audio-score");
            assertThat(e.embedAudio(audio)).isDeepEqualTo(source.embedAudio(audio));
        }
    }

    @Test
    void shouldReadTheAudioContextAndAttentionFromThePublishedKeys() throws IOException {
        Path file = dir.resolve("params_sc_att.npz");
        try (NetworkEmbedder sc = Embedders.untrained(new NetworkSpec(42, true, 32), 2, CPU)) {
            PublishedFormatWriter.write(sc, file, arrays -> {});
            List<float[][]> audio = TestInputs.audio(2, 42, 4);

            try (NetworkEmbedder e = Embedders.open(file, CPU)) {
                assertThat(e.info().audioContextFrames()).isEqualTo(42);
                assertThat(e.info().attention()).isTrue();
                assertThat(e.embedAudio(audio)).isDeepEqualTo(sc.embedAudio(audio));
            }
        }
    }

    @Test
    void shouldNameAMissingKeyAndTheFile() throws IOException {
        Path file = dir.resolve("missing.npz");
        PublishedFormatWriter.write(source, file, arrays -> arrays.remove("y_net.encoder.block3.bn2.running_var"));

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("missing key 'y_net.encoder.block3.bn2.running_var' (expected shape (96))");
    }

    @Test
    void shouldNameAMisShapedKeyWithTheExpectedAndActualShape() throws IOException {
        Path file = dir.resolve("misshaped.npz");
        PublishedFormatWriter.write(source, file, arrays -> {
            NDArray w = arrays.get("x_net.encoder.block2.conv1.weight");
            arrays.put("x_net.encoder.block2.conv1.weight", w.getManager().zeros(new ai.djl.ndarray.types.Shape(48, 24, 5, 5)));
        });

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("key 'x_net.encoder.block2.conv1.weight' has shape (48, 24, 5, 5)"
                        + " but the network expects (48, 24, 3, 3)");
    }

    @Test
    void shouldNameAnUnexpectedKey() throws IOException {
        Path file = dir.resolve("extra.npz");
        PublishedFormatWriter.write(source, file,
                arrays -> arrays.put("y_net.encoder.block5.conv1.weight", arrays.get("y_net.encoder.block4.conv1.weight").duplicate()));

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("unexpected key 'y_net.encoder.block5.conv1.weight'");
    }

    @Test
    void shouldRejectAnAudioLinearLayerThatFitsNoAudioContext() throws IOException {
        Path file = dir.resolve("other_context.npz");
        PublishedFormatWriter.write(source, file, arrays -> {
            NDArray w = arrays.get("y_net.mlp_head.weight");
            arrays.put("y_net.mlp_head.weight", w.getManager().zeros(new ai.djl.ndarray.types.Shape(32, 700)));
        });

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'y_net.mlp_head.weight' has shape (32, 700)")
                .hasMessageContaining("match no supported audio context (320 for T=42, 800 for T=84, 1600 for T=168)");
    }

    @Test
    void shouldRejectAFileThatIsNotATwoPathwayNetwork() throws IOException {
        Path file = dir.resolve("resnet.npz");
        PublishedFormatWriter.write(source, file, arrays -> arrays.keySet().removeIf(k -> k.startsWith("y_net.")));

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("is not a ucasr two-pathway network: missing key 'y_net.mlp_head.weight'");
    }

    @Test
    void shouldRejectAnArrayThatIsNotFloat32() throws IOException {
        Path file = dir.resolve("ints.npz");
        PublishedFormatWriter.write(source, file, arrays -> arrays.put("cca_layer.mean1",
                arrays.get("cca_layer.mean1").toType(ai.djl.ndarray.types.DataType.INT32, false)));

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("key 'cca_layer.mean1' has dtype int32 but float32 is expected");
    }

    @Test
    void shouldReportATruncatedFile() throws IOException {
        Path whole = dir.resolve("whole.npz");
        PublishedFormatWriter.write(source, whole, arrays -> {});
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.npz");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> Embedders.open(truncated, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(truncated.toString())
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void shouldReportAFileThatIsNotAZipArchive() throws IOException {
        Path file = dir.resolve("text.npz");
        Files.writeString(file, "not weights");

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("is not a readable .npz (zip) archive");
    }

    @Test
    void shouldReportAMissingFile() {
        Path file = dir.resolve("nowhere.npz");

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("model path " + file + " does not exist");
        assertThatThrownBy(() -> Embedders.openPublished(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("weights file " + file + " does not exist");
    }

    @Test
    void shouldReportADirectoryWithoutModelJson() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty-model"));

        assertThatThrownBy(() -> Embedders.open(empty, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("model directory " + empty + " has no model.json");
    }

    @Test
    void shouldRejectAPathOfNeitherKind() throws IOException {
        Path file = Files.writeString(dir.resolve("weights.txt"), "x");

        assertThatThrownBy(() -> Embedders.open(file, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("is neither a Leggio model directory (with model.json) nor a published .npz");
    }

    @Test
    void shouldRejectAModelJsonOfAnotherFormatVersion() throws IOException {
        Path model = dir.resolve("model");
        source.save(model);
        Path json = model.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\": 1", "\"formatVersion\": 2"));

        assertThatThrownBy(() -> Embedders.open(model, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(json.toString())
                .hasMessageContaining("formatVersion 2 is not supported (this build reads version 1)");
    }

    @Test
    void shouldRejectAModelJsonWithAMisShapedCcaProjection() throws IOException {
        Path model = dir.resolve("model");
        source.save(model);
        Path json = model.resolve("model.json");
        String text = Files.readString(json, StandardCharsets.UTF_8);
        int start = text.indexOf("\"audioProjection\"");
        Files.writeString(json, text.substring(0, start) + "\"audioProjection\": [[1.0]]\n  }\n}\n");

        assertThatThrownBy(() -> Embedders.open(model, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("cca.audioProjection must be 32 rows of 32 numbers");
    }

    @Test
    void shouldRejectOwnFormatWeightsOfAnotherArchitecture(@TempDir Path other) throws IOException {
        Path model = dir.resolve("model");
        source.save(model);
        try (NetworkEmbedder withAttention = Embedders.untrained(new NetworkSpec(84, true, 32), 1, CPU)) {
            withAttention.save(other);
        }
        Files.copy(other.resolve("weights.npz"), model.resolve("weights.npz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> Embedders.open(model, CPU))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(model.resolve("weights.npz").toString())
                .hasMessageContaining("unexpected key 'att_layer.block1.conv1.weight'");
    }
}
