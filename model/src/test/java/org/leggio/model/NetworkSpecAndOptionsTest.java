package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkSpecAndOptionsTest {
    @Test
    void shouldListTheSupportedAudioContextsWhenGivenAnother() {
        assertThatThrownBy(() -> new NetworkSpec(100, false, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("audioContextFrames must be one of [42, 84, 168] but was 100");
    }

    @Test
    void shouldRejectANonPositiveEmbeddingSize() {
        assertThatThrownBy(() -> new NetworkSpec(84, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embeddingDim must be > 0 but was 0");
    }

    @Test
    void shouldDescribeThePublishedNetwork() {
        assertThat(NetworkSpec.published()).isEqualTo(new NetworkSpec(84, false, 32));
    }

    @Test
    void shouldValidateOptions() {
        assertThatThrownBy(() -> EmbedderOptions.builder().maxBatchSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchSize must be in [0, 65536] (0 = automatic) but was -1");
        assertThatThrownBy(() -> EmbedderOptions.builder().parallelism(65))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be in [0, 64] (0 = automatic) but was 65");
        assertThatThrownBy(() -> EmbedderOptions.builder().modelId("my model"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("modelId must be non-blank without whitespace but was 'my model'");
        assertThatThrownBy(() -> EmbedderOptions.builder().device(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("device can't be null");
    }

    @Test
    void shouldResolveTheAutomaticBatchSizePerDevice() {
        EmbedderOptions auto = EmbedderOptions.defaults();
        EmbedderOptions fixed = EmbedderOptions.builder().maxBatchSize(5).build();

        assertThat(auto.maxBatchSize()).isZero();
        assertThat(auto.maxBatchSize(false)).isEqualTo(EmbedderOptions.DEFAULT_CPU_MAX_BATCH_SIZE);
        assertThat(auto.maxBatchSize(true)).isEqualTo(EmbedderOptions.DEFAULT_GPU_MAX_BATCH_SIZE);
        assertThat(fixed.maxBatchSize(true)).isEqualTo(5);
    }

    @Test
    void shouldUseTheModelIdFromTheOptions() {
        try (NetworkEmbedder e = Embedders.untrained(new NetworkSpec(42, false, 8), 1,
                EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).modelId("my-model").build())) {
            assertThat(e.info().modelId()).isEqualTo("my-model");
            assertThat(e.info().embeddingDim()).isEqualTo(8);
        }
    }
}
