package org.leggio.dataset.asap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioBuilderTest {
    @TempDir
    Path dir;

    private AsapCorpus corpus() {
        return AsapCorpus.open(new TestCorpus(dir.resolve("asap"))
                .folder("A_P1", "A", "T", "A/P1", "X01", "Y02")
                .folder("B_P2", "B", "T", "B/P2", "Z03")
                .write());
    }

    private VariantPlan plan(List<Double> factors) {
        assumeTrue(Files.isRegularFile(PerformanceSynthesizerTest.TIMGM), "skipped: TimGM6mb.sf2 not installed");
        return new VariantPlan(List.of(SoundfontBank.of(PerformanceSynthesizerTest.TIMGM)), List.of(0, 1, 4), factors, 1);
    }

    @Test
    void buildsEverythingThenResumesSkippingFinishedOutputs() throws Exception {
        AsapCorpus corpus = corpus();
        VariantPlan plan = plan(List.of(1.0, 1.25));
        Path out = dir.resolve("out");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());

        AudioBuilder.Summary first = AudioBuilder.build(corpus, out, plan, 2, lines::add);

        assertThat(first.jobs()).isEqualTo(6);
        assertThat(first.rendered()).isEqualTo(6);
        assertThat(first.skipped()).isZero();
        assertThat(first.failures()).isEmpty();
        // Each MIDI lasts 2.0 s (+2 s tail): 4 s at tempo 1, 3.6 s at 1.25.
        assertThat(first.renderedAudioSeconds()).isBetween(3 * (4.0 + 3.6) - 0.5, 3 * (4.0 + 3.6) + 0.5);
        assertThat(lines).anyMatch(l -> l.startsWith("6/6 done (0 failed)") && l.contains("ETA"));
        AudioStore store = new AudioStore(out);
        for (Performance p : corpus.performances()) {
            for (SynthesisVariant v : plan.variantsFor(p)) {
                assertThat(store.isComplete(p, v)).as(p.key() + " " + v.fileStem()).isTrue();
            }
        }

        // Resume: nothing to do, nothing touched.
        Performance victim = corpus.performance("A/P1/Y02");
        SynthesisVariant victimVariant = plan.variantsFor(victim).get(1);
        Path untouched = store.npyPath(corpus.performance("B/P2/Z03"), plan.variantsFor(corpus.performance("B/P2/Z03"))
                .get(0));
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(untouched, old);
        AudioBuilder.Summary second = AudioBuilder.build(corpus, out, plan, 2, s -> { });
        assertThat(second.rendered()).isZero();
        assertThat(second.skipped()).isEqualTo(6);
        assertThat(Files.getLastModifiedTime(untouched)).isEqualTo(old);

        // A corrupt sidecar and a leftover partial file: that output alone is redone, the partial removed.
        Files.writeString(store.sidecarPath(victim, victimVariant), "{\"format_version\": 1, \"fra");
        Path partial = store.npyPath(victim, victimVariant).resolveSibling(".x.npy.123" + AudioStore.PARTIAL_SUFFIX);
        Files.writeString(partial, "half");
        AudioBuilder.Summary third = AudioBuilder.build(corpus, out, plan, 1, s -> { });
        assertThat(third.rendered()).isEqualTo(1);
        assertThat(third.skipped()).isEqualTo(5);
        assertThat(store.isComplete(victim, victimVariant)).isTrue();
        assertThat(partial).doesNotExist();
        assertThat(Files.getLastModifiedTime(untouched)).isEqualTo(old);
    }

    @Test
    void aBrokenMidiFileIsReportedAndTheRestIsBuilt() throws Exception {
        AsapCorpus corpus = corpus();
        Files.writeString(corpus.performance("A/P1/X01").midiPath(), "not midi");
        AudioBuilder.Summary s = AudioBuilder.build(corpus, dir.resolve("out"), plan(List.of(1.0)), 2, l -> { });
        assertThat(s.rendered()).isEqualTo(2);
        assertThat(s.failures()).singleElement().asString().contains("A/P1/X01").contains("not a readable MIDI file");
    }

    @Test
    void variantsAreDeterministicPerPerformanceAndVaryTheTimbre() {
        SoundfontBank a = new SoundfontBank("A", Path.of("/a.sf2"));
        SoundfontBank b = new SoundfontBank("B", Path.of("/b.sf2"));
        VariantPlan plan = new VariantPlan(List.of(a, b), List.of(0, 1, 2, 3, 4, 5), List.of(1.0, 0.9, 1.1), 42);
        Performance p = new Performance("P", "C", "C/P", "X01", "x", Path.of("/x.mid"), Path.of("/x.tsv"),
                Path.of("/x.txt"), 1, 1);
        List<SynthesisVariant> v = plan.variantsFor(p);
        assertThat(v).isEqualTo(plan.variantsFor(p));
        assertThat(v).extracting(SynthesisVariant::tempoFactor).containsExactly(1.0, 0.9, 1.1);
        assertThat(v.stream().map(x -> x.bank().name() + x.program()).distinct()).hasSize(3);
        // Over many performances every combination gets used.
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Performance q = new Performance("P", "C", "C/P", "X" + i, "x", Path.of("/x.mid"), Path.of("/x.tsv"),
                    Path.of("/x.txt"), 1, 1);
            SynthesisVariant first = plan.variantsFor(q).get(0);
            used.add(first.bank().name() + first.program());
        }
        assertThat(used).hasSize(12);
        // another bank only: every variant from it, the rest of the plan kept
        SoundfontBank c = new SoundfontBank("C", Path.of("/c.sf2"));
        VariantPlan onlyC = plan.withBanks(List.of(c));
        assertThat(onlyC.programs()).isEqualTo(plan.programs());
        assertThat(onlyC.tempoFactors()).isEqualTo(plan.tempoFactors());
        assertThat(onlyC.variantsFor(p)).extracting(SynthesisVariant::bank).containsOnly(c);
        // the default plan over given banks: those alone (the installed ones are not looked for), piano, tempo 1
        VariantPlan givenBanks = VariantPlan.defaults(List.of(c));
        assertThat(givenBanks.banks()).containsExactly(c);
        assertThat(givenBanks.programs()).containsExactlyElementsOf(
                java.util.Arrays.stream(SynthesisVariant.PIANO_PROGRAMS).boxed().toList());
        assertThat(givenBanks.tempoFactors()).containsExactly(1.0);
    }
}
