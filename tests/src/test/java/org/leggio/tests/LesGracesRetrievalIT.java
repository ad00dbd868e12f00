package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.leggio.dataset.LesGracesPairs;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.model.eval.EvaluationConfig;
import org.leggio.model.eval.EvaluationReport;
import org.leggio.model.eval.PairSet;
import org.leggio.model.eval.RankSummary;
import org.leggio.model.eval.RetrievalEvaluation;

/**
 * The whole Leggio pipeline — WAV → our spectrogram → audio windows, PNG → our snippet cutter →
 * sheet snippets, published weights → our network port → our metrics — reproduces the reference
 * retrieval table of shared/reference/README.md §2.3, rank for rank.
 */
@Timeout(300)
class LesGracesRetrievalIT {
    @Test
    void shouldReproduceTheReferenceRetrievalTableFromWavAndPng() throws Exception {
        Path shared = Paths.get(System.getProperty("leggio.shared.dir", "../shared"));
        Path model = shared.resolve("models/ucasr/params_mc_audio.npz");
        assumeTrue(Files.isRegularFile(model) && Files.isDirectory(shared.resolve("reference")),
                "skipped: " + shared + " (reference data and published weights) not found");
        PairSet pairs = LesGracesPairs.build(shared.resolve("reference"), 84);
        assertThat(pairs.size()).isEqualTo(107);
        EvaluationReport report;
        try (Embedder embedder = Embedders.open(model)) {
            report = new RetrievalEvaluation(EvaluationConfig.defaults()).evaluate(pairs, embedder);
        }
        RankSummary a2s = report.retrieval().audioToSheet();
        RankSummary s2a = report.retrieval().sheetToAudio();
        assertThat(a2s.mrr()).isCloseTo(0.956, within(0.0005));
        assertThat(s2a.mrr()).isCloseTo(0.958, within(0.0005));
        assertThat(a2s.recallAt1()).isCloseTo(0.916, within(0.0005));
        assertThat(s2a.recallAt1()).isCloseTo(0.916, within(0.0005));
        assertThat(a2s.recallAt5()).isEqualTo(1.0);
        assertThat(s2a.recallAt5()).isEqualTo(1.0);
        assertThat(a2s.medianRank()).isEqualTo(1.0);
        assertThat(report.retrieval().meanTrueCosine()).isCloseTo(0.8870, within(0.0005));
        assertThat(report.retrieval().meanAllCosine()).isCloseTo(0.1015, within(0.0005));
    }
}
