package org.leggio.dataset.asap;

import org.leggio.ingest.source.testutil.TestMidiFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceSynthesizerTest {
    /** Installed by Debian's timgm6mb-soundfont; the rendering tests skip without it. */
    static final Path TIMGM = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
    /** Onsets of the two notes of {@link #twoNotes}, seconds. */
    static final double FIRST_ONSET_SECONDS = 2.0;
    static final double SECOND_ONSET_SECONDS = 6.0;

    @TempDir
    static Path dir;
    static SoundfontBank bank;

    @BeforeAll
    static void bank() {
        bank = Files.isRegularFile(TIMGM) ? SoundfontBank.of(TIMGM) : null;
    }

    /**
     * Middle C at 2.0 s and 6.0 s, 1 s each, with silence around. No tempo event at tick 0 (the
     * 120 bpm default applies), then 60 bpm from 4.0 s, so both the inserted and a mid-file tempo
     * event must be scaled for the second onset to land right. Ticks at 480 PPQ: 120 bpm = 960
     * ticks/s; 60 bpm = 480 ticks/s.
     */
    static TestMidiFiles twoNotes() {
        return TestMidiFiles.ppq(480)
                .tempo(3840, 1_000_000)
                .note(0, 60, 100, 1920, 960)
                .note(0, 60, 100, 4800, 480);
    }

    @Test
    void onsetsLandOnTheirFrameAtTempo1() {
        checkOnsets(1.0);
    }

    @Test
    void onsetsLandOnTheirFrameAtTempo125() {
        checkOnsets(1.25);
    }

    @Test
    void onsetsLandOnTheirFrameAtTempo08() {
        checkOnsets(0.8);
    }

    private void checkOnsets(double factor) {
        assumeTrue(bank != null, "skipped: " + TIMGM + " not installed");
        Path midi = twoNotes().write(dir.resolve("two-" + factor + ".mid"));
        SynthesisVariant variant = new SynthesisVariant(bank, 0, factor);
        PerformanceSynthesizer.SynthesizedPerformance r = PerformanceSynthesizer.synthesize(midi, variant);
        float[] energy = energy(r.spectrogram());
        for (double onset : new double[] {FIRST_ONSET_SECONDS, SECOND_ONSET_SECONDS}) {
            int expected = variant.onsetFrameIndex(onset);
            assertThat(expected).isEqualTo((int) Math.ceil(onset / factor * 20 - 1e-6));
            int rise = firstFrameAbove(energy, expected - 10, expected + 10, 0.5f);
            // Frames are 93 ms long and not centred: frame k-1 already holds the attack's first
            // ~43 ms at the (small) tail of its window, frame k holds it all.
            assertThat(rise).as("first loud frame near onset %.2f s, factor %.2f (expected frame %d)", onset, factor,
                    expected).isBetween(expected - 1, expected);
            assertThat(energy[expected - 2]).as("silence before the onset").isLessThan(0.05f * energy[expected + 1]);
        }
        // Length: the last note ends at 7.0 s, plus Gervill's 2 s tail, all divided by the factor.
        assertThat(r.durationSeconds()).isCloseTo(7.0 / factor + 2.0, within(0.06));
        assertThat(r.sourceMidiDurationSeconds()).isCloseTo(7.0, within(0.01));
    }

    @Test
    void programChangeIsApplied() {
        assumeTrue(bank != null, "skipped: " + TIMGM + " not installed");
        Path plain = twoNotes().write(dir.resolve("plain.mid"));
        // The same notes, but the file itself selects a violin (40) and bank 127: both must be overridden.
        Path violin = twoNotes().program(0, 40).add(ShortMessage.CONTROL_CHANGE, 0, 0, 127, 0)
                .write(dir.resolve("violin.mid"));
        float[][] piano = PerformanceSynthesizer.synthesize(plain, new SynthesisVariant(bank, 0, 1.0)).spectrogram();
        float[][] pianoAgain = PerformanceSynthesizer.synthesize(plain, new SynthesisVariant(bank, 0, 1.0)).spectrogram();
        float[][] violinAsPiano = PerformanceSynthesizer.synthesize(violin, new SynthesisVariant(bank, 0, 1.0))
                .spectrogram();
        float[][] epiano = PerformanceSynthesizer.synthesize(plain, new SynthesisVariant(bank, 4, 1.0)).spectrogram();
        float[][] violinAsViolin = renderAsIs(violin);

        double scale = meanAbs(piano);
        assertThat(meanAbsDiff(piano, pianoAgain)).as("rendering is deterministic").isLessThan(1e-6 * scale);
        assertThat(meanAbsDiff(piano, violinAsPiano)).as("the file's own program change is replaced")
                .isLessThan(0.01 * scale);
        assertThat(meanAbsDiff(piano, epiano)).as("program 4 sounds different from program 0")
                .isGreaterThan(0.2 * scale);
        assertThat(meanAbsDiff(piano, violinAsViolin)).as("sanity: a violin differs from a piano")
                .isGreaterThan(0.2 * scale);
    }

    /** Renders the file untouched (its own program 40), to show the override makes a difference. */
    private static float[][] renderAsIs(Path midi) {
        try (org.leggio.ingest.AudioSource source = org.leggio.ingest.source.AudioSources.openMidi(midi, TIMGM)) {
            return org.leggio.ingest.Spectrograms.of(source);
        }
    }

    @Test
    void prepareReplacesProgramsDropsBankSelectsAndScalesTempo() throws Exception {
        Sequence original = TestMidiFiles.ppq(480)
                .tempo(3840, 1_000_000)
                .program(0, 40)
                .add(ShortMessage.CONTROL_CHANGE, 0, 0, 127, 0)
                .add(ShortMessage.CONTROL_CHANGE, 0, 32, 0, 0)
                .add(ShortMessage.CONTROL_CHANGE, 3, 64, 127, 100) // pedal on channel 3: channel used
                .note(0, 60, 100, 0, 960)
                .note(1, 64, 100, 1920, 960)
                .add(ShortMessage.PROGRAM_CHANGE, 1, 19, 0, 2000)
                .note(1, 67, 100, 4800, 480)
                .sequence();
        long originalMicros = original.getMicrosecondLength();

        Sequence prepared = PerformanceSynthesizer.prepare(original, 2, 1.25);

        assertThat(PerformanceSynthesizer.programChanges(prepared))
                .containsExactlyInAnyOrder("0:2@0", "1:2@0", "3:2@0", "0:2@0", "1:2@2000");
        assertThat(controllers(prepared, 0)).isZero();
        assertThat(controllers(prepared, 32)).isZero();
        assertThat(controllers(prepared, 64)).isEqualTo(1);
        // Time scales by 1 / 1.25 through both tempo segments (the default one and the 60 bpm one).
        assertThat(prepared.getMicrosecondLength()).isCloseTo(Math.round(originalMicros / 1.25), within(5L));
        assertThat(original.getMicrosecondLength()).as("original untouched").isEqualTo(originalMicros);
        assertThat(PerformanceSynthesizer.programChanges(original)).containsExactlyInAnyOrder("0:40@0", "1:19@2000");
        // The inserted program changes come first at tick 0, before the tick-0 note on.
        javax.sound.midi.Track first = prepared.getTracks()[0];
        assertThat(first.get(0).getMessage()).isInstanceOf(javax.sound.midi.MetaMessage.class); // tempo 400000
        assertThat(((ShortMessage) first.get(1).getMessage()).getCommand()).isEqualTo(ShortMessage.PROGRAM_CHANGE);
    }

    @Test
    void prepareKeepsTimeAtFactor1AndSurvivesAFileRoundTrip() throws Exception {
        Sequence original = twoNotes().sequence();
        Sequence prepared = PerformanceSynthesizer.prepare(original, 0, 1.0);
        Path file = dir.resolve("roundtrip.mid");
        MidiSystem.write(prepared, 1, file.toFile());
        assertThat(MidiSystem.getSequence(file.toFile()).getMicrosecondLength())
                .isEqualTo(original.getMicrosecondLength());
    }

    @Test
    void smpteFilesHaveTheirTicksScaled() throws Exception {
        Sequence original = TestMidiFiles.smpte(25, 40).note(0, 60, 100, 1000, 500).sequence(); // 1 tick = 1 ms
        Sequence prepared = PerformanceSynthesizer.prepare(original, 0, 0.8);
        assertThat(prepared.getMicrosecondLength()).isCloseTo(Math.round(1_500_000 / 0.8), within(1000L));
    }

    static int controllers(Sequence s, int controller) {
        int n = 0;
        for (javax.sound.midi.Track t : s.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof ShortMessage sm && sm.getCommand() == ShortMessage.CONTROL_CHANGE
                        && sm.getData1() == controller) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Sum over bands per frame. */
    static float[] energy(float[][] spectrogram) {
        float[] e = new float[spectrogram[0].length];
        for (float[] band : spectrogram) {
            for (int k = 0; k < e.length; k++) {
                e[k] += band[k];
            }
        }
        return e;
    }

    /** The first frame in [from, to] whose energy exceeds {@code fraction} of that range's maximum. */
    static int firstFrameAbove(float[] energy, int from, int to, float fraction) {
        float max = 0;
        for (int k = Math.max(0, from); k <= Math.min(to, energy.length - 1); k++) {
            max = Math.max(max, energy[k]);
        }
        for (int k = Math.max(0, from); k <= Math.min(to, energy.length - 1); k++) {
            if (energy[k] > fraction * max) {
                return k;
            }
        }
        return -1;
    }

    static double meanAbs(float[][] a) {
        double sum = 0;
        for (float[] row : a) {
            for (float v : row) {
                sum += Math.abs(v);
            }
        }
        return sum / (a.length * a[0].length);
    }

    static double meanAbsDiff(float[][] a, float[][] b) {
        assertThat(b.length).isEqualTo(a.length);
        assertThat(b[0].length).isEqualTo(a[0].length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                sum += Math.abs(a[i][k] - b[i][k]);
            }
        }
        return sum / (a.length * a[0].length);
    }
}
