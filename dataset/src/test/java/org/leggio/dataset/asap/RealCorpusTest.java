package org.leggio.dataset.asap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks against the real corpus in {@code shared/data/asap}; skipped when it is absent. */
class RealCorpusTest {
    static Path asapDir;
    static AsapCorpus corpus;

    @BeforeAll
    static void open() {
        asapDir = Paths.get(System.getProperty("leggio.shared.dir", "../shared")).toAbsolutePath().normalize()
                .resolve("data/asap");
        assumeTrue(Files.isRegularFile(asapDir.resolve(AsapCorpus.MANIFEST)),
                "skipped: " + asapDir + " not found (set -Dleggio.shared.dir)");
        corpus = AsapCorpus.open(asapDir);
    }

    @Test
    void countsMatchTheReadme() {
        assertThat(corpus.scoreFolders()).hasSize(207);
        assertThat(corpus.performances()).hasSize(366);
        assertThat(corpus.pieceIds()).hasSize(188);
        assertThat(corpus.scoreFolders().stream().map(ScoreFolder::composer).distinct()).hasSize(15);
        assertThat(corpus.scoreFolders().stream().filter(f -> !f.hasPerformances())).hasSize(43);
        assertThat(corpus.performances().stream().filter(p -> p.maxRepeatPass() == 2)).hasSize(52);
        // Pitfall 5: the derived alignment path of a Schubert D. 899 performance is the regular one.
        Performance schubert = corpus.performance("Schubert/Impromptu_op.90_D.899/3/Hou06M");
        assertThat(schubert.alignmentPath()).isEqualTo(asapDir.resolve(
                "Schubert/Impromptu_op.90_D.899/3/Hou06M_note_alignments/note_alignment.tsv"));
    }

    @Test
    void everyAlignmentAndAnnotationFileReadsAndAgreesWithTheTable() {
        Map<String, List<String>> rows = new HashMap<>();
        Csv table = Csv.read(asapDir.resolve(AsapCorpus.PERFORMANCES));
        int folder = table.column("folder");
        int id = table.column("performance_id");
        for (Csv.Row row : table.rows()) {
            rows.put(row.fields().get(folder) + "/" + row.fields().get(id), row.fields());
        }
        long matched = 0;
        long inserted = 0;
        long deleted = 0;
        for (Performance p : corpus.performances()) {
            NoteAlignment a = NoteAlignment.read(p.alignmentPath());
            List<String> row = rows.get(p.key());
            assertThat(a.matched()).as(p.key()).hasSize(p.alignedNoteCount());
            assertThat(a.maxPass()).as(p.key()).isEqualTo(p.maxRepeatPass());
            assertThat(a.insertionCount()).as(p.key())
                    .isEqualTo(Integer.parseInt(row.get(table.column("n_inserted_perf_notes"))));
            assertThat(a.deletionCount()).as(p.key())
                    .isEqualTo(Integer.parseInt(row.get(table.column("n_deleted_score_notes"))));
            assertThat(a.matched()).isSortedAccordingTo(Comparator.comparingDouble(NoteAlignment.MatchedNote::onsetSeconds));
            assertThat(a.matched()).allSatisfy(n -> assertThat(n.noteId()).matches("n\\d+"));
            matched += a.matched().size();
            inserted += a.insertionCount();
            deleted += a.deletionCount();

            BeatAnnotations beats = BeatAnnotations.read(p.annotationsPath());
            assertThat(beats.beats()).as(p.key())
                    .hasSize(Integer.parseInt(row.get(table.column("n_annotation_lines"))));
        }
        assertThat(matched).isEqualTo(886_815);
        assertThat(inserted).isEqualTo(36_477);
        assertThat(deleted).isEqualTo(39_630);
    }

    @Test
    void defaultSplitKeepsPiecesTogetherAndSpreadsComposers() {
        PieceSplit split = PieceSplit.assign(corpus, 0);
        for (ScoreFolder f : corpus.scoreFolders()) {
            assertThat(split.contains(f.pieceId())).isTrue();
        }
        for (PieceSplit.Split side : PieceSplit.Split.values()) {
            assertThat(PieceSplitTest.composersWithPerformances(corpus, split, side)).as(side.label())
                    .hasSizeGreaterThanOrEqualTo(side == PieceSplit.Split.TEST ? 3 : 2);
        }
        assertThat(split.summary(corpus, p -> 60.0)).contains("total      188        151      207           366");
    }

    /**
     * End to end on the shortest real performance (a dense one minute of Bach), rendered at tempo
     * 1.0 and 1.25: the spectral flux correlates strongly with the aligned notes placed by
     * {@link SynthesisVariant#onsetFrameIndex}, and not at all when the audio of one factor is
     * read with the other factor's mapping.
     *
     * <p>It also pins down the frame convention: with MSMD's {@code ceil(t · 20)} the flux peaks
     * one frame <i>earlier</i>, at the frame whose 93 ms window starts within 50 ms before the
     * onset and so already holds most of the attack.
     */
    @Test
    void alignedOnsetsHitRisingEnergyInRenderedRealPerformances() {
        assumeTrue(Files.isRegularFile(PerformanceSynthesizerTest.TIMGM), "skipped: TimGM6mb.sf2 not installed");
        Performance shortest = corpus.performances().stream()
                .min(Comparator.comparingDouble(p -> PerformanceSynthesizer.midiDurationSeconds(p.midiPath())))
                .orElseThrow();
        NoteAlignment alignment = NoteAlignment.read(shortest.alignmentPath());
        SoundfontBank bank = SoundfontBank.of(PerformanceSynthesizerTest.TIMGM);
        SynthesisVariant normal = new SynthesisVariant(bank, 0, 1.0);
        SynthesisVariant fast = new SynthesisVariant(bank, 0, 1.25);
        float[] fluxNormal = flux(PerformanceSynthesizer.synthesize(shortest.midiPath(), normal).spectrogram());
        float[] fluxFast = flux(PerformanceSynthesizer.synthesize(shortest.midiPath(), fast).spectrogram());

        assertThat(onsetCorrelation(fluxNormal, alignment, normal, -1)).as("%s at 1.0", shortest.key())
                .isGreaterThan(0.5);
        assertThat(onsetCorrelation(fluxFast, alignment, fast, -1)).as("%s at 1.25", shortest.key())
                .isGreaterThan(0.5);
        for (int shift : new int[] {-1, 0}) {
            assertThat(Math.abs(onsetCorrelation(fluxFast, alignment, normal, shift))).as("1.25 audio, 1.0 mapping")
                    .isLessThan(0.25);
            assertThat(Math.abs(onsetCorrelation(fluxNormal, alignment, fast, shift))).as("1.0 audio, 1.25 mapping")
                    .isLessThan(0.25);
        }
        assertThat(onsetCorrelation(fluxNormal, alignment, normal, 0)).as("frame convention")
                .isLessThan(onsetCorrelation(fluxNormal, alignment, normal, -1) - 0.3);
    }

    /**
     * Pearson correlation between the flux and the number of aligned onsets per frame, each
     * onset placed at {@code onsetFrameIndex + shiftFrames}.
     */
    static double onsetCorrelation(float[] flux, NoteAlignment alignment, SynthesisVariant mapping, int shiftFrames) {
        double[] onsets = new double[flux.length];
        for (NoteAlignment.MatchedNote note : alignment.matched()) {
            int k = mapping.onsetFrameIndex(note.onsetSeconds()) + shiftFrames;
            if (k >= 0 && k < flux.length) {
                onsets[k]++;
            }
        }
        double meanFlux = 0;
        double meanOnsets = 0;
        for (int k = 0; k < flux.length; k++) {
            meanFlux += flux[k] / flux.length;
            meanOnsets += onsets[k] / flux.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int k = 0; k < flux.length; k++) {
            sxy += (flux[k] - meanFlux) * (onsets[k] - meanOnsets);
            sxx += (flux[k] - meanFlux) * (flux[k] - meanFlux);
            syy += (onsets[k] - meanOnsets) * (onsets[k] - meanOnsets);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Positive spectral difference per frame (0 for frame 0). */
    static float[] flux(float[][] spectrogram) {
        int frames = spectrogram[0].length;
        float[] flux = new float[frames];
        for (float[] band : spectrogram) {
            for (int k = 1; k < frames; k++) {
                flux[k] += Math.max(0, band[k] - band[k - 1]);
            }
        }
        return flux;
    }
}
