package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The port against the original PyTorch model: {@code reference/ucasr_mc_audio_io.npz} holds
 * inputs and the outputs of {@code params_mc_audio} (reference/README.md §2). Skipped without
 * {@code ../shared}.
 */
class PublishedWeightsReferenceTest {
    /** Acceptance on embeddings (the brief's bound; the reference README allows 5e-4). */
    private static final double EMBEDDING_TOLERANCE = 1e-4;
    /** Acceptance on pre-CCA codes, relative to the largest |value| (reference/README.md §2.1). */
    private static final double PRE_CCA_RELATIVE_TOLERANCE = 1e-5;

    private static NetworkEmbedder embedder;
    private static Map<String, ReferenceData.Array> reference;

    private static final String WEIGHTS = "models/ucasr/params_mc_audio.npz";
    private static final String IO = "reference/ucasr_mc_audio_io.npz";

    @BeforeAll
    static void load() {
        if (ReferenceData.present(WEIGHTS) && ReferenceData.present(IO)) {
            reference = ReferenceData.readNpz(ReferenceData.sharedDir().resolve(IO));
            embedder = Embedders.open(ReferenceData.sharedDir().resolve(WEIGHTS),
                    EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).build());
        }
    }

    @BeforeEach
    void requireReferenceData() {
        ReferenceData.require(WEIGHTS);
        ReferenceData.require(IO);
    }

    @AfterAll
    static void close() {
        if (embedder != null) {
            embedder.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rand", "real"})
    void shouldMatchReferenceSheetEmbeddingsAndPreCcaCodes(String tag) {
        List<float[][]> sheet = reference.get(tag + "_sheet").inputs();

        float[][] emb = embedder.embedSheet(sheet);
        float[][] pre = embedder.preCcaSheet(sheet);

        assertThat(TestInputs.maxAbsDiff(emb, reference.get(tag + "_sheet_emb").rows()))
                .isLessThanOrEqualTo(EMBEDDING_TOLERANCE);
        ReferenceData.Array preRef = reference.get(tag + "_sheet_pre_cca");
        assertThat(TestInputs.maxAbsDiff(pre, preRef.rows()))
                .isLessThanOrEqualTo(PRE_CCA_RELATIVE_TOLERANCE * preRef.maxAbs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rand", "real", "tones"})
    void shouldMatchReferenceAudioEmbeddingsAndPreCcaCodes(String tag) {
        List<float[][]> audio = reference.get(tag + "_audio").inputs();

        float[][] emb = embedder.embedAudio(audio);
        float[][] pre = embedder.preCcaAudio(audio);

        assertThat(TestInputs.maxAbsDiff(emb, reference.get(tag + "_audio_emb").rows()))
                .isLessThanOrEqualTo(EMBEDDING_TOLERANCE);
        ReferenceData.Array preRef = reference.get(tag + "_audio_pre_cca");
        assertThat(TestInputs.maxAbsDiff(pre, preRef.rows()))
                .isLessThanOrEqualTo(PRE_CCA_RELATIVE_TOLERANCE * preRef.maxAbs());
    }

    @Test
    void shouldRankTheTruePartnersOfTheRealPairsFirst() {
        float[][] sheet = embedder.embedSheet(reference.get("real_sheet").inputs());
        float[][] audio = embedder.embedAudio(reference.get("real_audio").inputs());
        float[][] cos = reference.get("real_cos_audio_x_sheet").rows();

        for (int a = 0; a < audio.length; a++) {
            for (int s = 0; s < sheet.length; s++) {
                double dot = 0;
                for (int k = 0; k < audio[a].length; k++) {
                    dot += audio[a][k] * sheet[s][k];
                }
                assertThat(dot).as("cos(audio %d, sheet %d)", a, s).isCloseTo(cos[a][s], within(EMBEDDING_TOLERANCE));
                if (s != a) {
                    assertThat(cos[a][a]).isGreaterThan(cos[a][s]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"params_mc_audio", "params_mc_audio_score", "params_mc_mixed"})
    void shouldLoadEveryPublishedFile(String name) {
        Path file = ReferenceData.require("models/ucasr/" + name + ".npz");
        try (NetworkEmbedder e = Embedders.open(file)) {
            assertThat(e.info().modelId()).isEqualTo("ucasr-" + name.substring("params_".length()).replace('_', '-'));
            assertThat(e.info().audioContextFrames()).isEqualTo(84);
            assertThat(e.info().embeddingDim()).isEqualTo(32);
            assertThat(e.info().attention()).isFalse();
            float[][] emb = e.embedAudio(reference.get("real_audio").inputs());
            assertThat(emb).hasDimensions(5, 32);
            assertThat(TestInputs.norm(emb[0])).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void shouldGiveBitIdenticalOutputsAfterSavingThePublishedModelInLeggioFormat(@TempDir Path dir) {
        List<float[][]> audio = reference.get("real_audio").inputs();
        List<float[][]> sheet = reference.get("real_sheet").inputs();
        embedder.save(dir);

        try (NetworkEmbedder reloaded = Embedders.open(dir)) {
            assertThat(reloaded.info().modelId()).isEqualTo("ucasr-mc-audio");
            assertThat(reloaded.embedAudio(audio)).isDeepEqualTo(embedder.embedAudio(audio));
            assertThat(reloaded.embedSheet(sheet)).isDeepEqualTo(embedder.embedSheet(sheet));
            assertThat(reloaded.preCcaAudio(audio)).isDeepEqualTo(embedder.preCcaAudio(audio));
        }
    }
}
