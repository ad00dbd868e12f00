package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedderBenchmarkTest {
    private static final EmbedderOptions CPU =
            EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).build();

    @Test
    void shouldMeasureEachPathwayAtEachBatchSize() {
        try (NetworkEmbedder e = Embedders.untrained(new NetworkSpec(42, false, 32), 1, CPU)) {
            List<EmbedderBenchmark.Result> results = EmbedderBenchmark.run(e, new int[] {1, 4}, Duration.ofMillis(50));

            assertThat(results).extracting(EmbedderBenchmark.Result::pathway, EmbedderBenchmark.Result::batchSize)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("audio", 1), org.assertj.core.groups.Tuple.tuple("audio", 4),
                            org.assertj.core.groups.Tuple.tuple("sheet", 1), org.assertj.core.groups.Tuple.tuple("sheet", 4));
            for (EmbedderBenchmark.Result r : results) {
                assertThat(r.itemsPerSecond()).isPositive();
                assertThat(r.msPerBatch()).isPositive();
                assertThat(r.itemsPerSecond() * r.msPerBatch() / 1000).isCloseTo(r.batchSize(),
                        org.assertj.core.api.Assertions.within(1e-9 * r.batchSize()));
            }
        }
    }

    @Test
    void shouldReportTheLoadTimeOfAModel(@TempDir Path dir) {
        try (NetworkEmbedder e = Embedders.untrained(new NetworkSpec(42, false, 32), 1, CPU)) {
            e.save(dir);
        }
        EmbedderBenchmark.Report report = EmbedderBenchmark.run(dir, CPU, new int[] {2}, Duration.ofMillis(20));

        assertThat(report.model().modelId()).isEqualTo("untrained-t42-d32-s1");
        assertThat(report.modelLoad()).isPositive();
        assertThat(report.results()).hasSize(2);
    }

    @Test
    void shouldRejectNonPositiveBatchSizesAndDurations() {
        try (NetworkEmbedder e = Embedders.untrained(new NetworkSpec(42, false, 32), 1, CPU)) {
            assertThatThrownBy(() -> EmbedderBenchmark.run(e, new int[] {0}, Duration.ofMillis(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("batch sizes must be >= 1 but got [0]");
            assertThatThrownBy(() -> EmbedderBenchmark.run(e, new int[] {1}, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("perCase must be > 0 but was PT0S");
        }
    }
}
