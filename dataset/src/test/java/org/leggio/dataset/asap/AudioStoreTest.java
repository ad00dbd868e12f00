package org.leggio.dataset.asap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioStoreTest {
    static final SoundfontBank BANK = new SoundfontBank("FluidR3_GM", Path.of("/sf/FluidR3_GM.sf2"));

    @TempDir
    Path dir;
    AudioStore store;
    Performance perf;
    SynthesisVariant variant;

    @BeforeEach
    void setUp() {
        store = new AudioStore(dir.resolve("out"));
        perf = new Performance("Bach_Fugue_bwv_848", "Bach", "Bach/Fugue/bwv_848", "Denisova06M", "denisova",
                Path.of("/c/Bach/Fugue/bwv_848/Denisova06M.mid"), Path.of("/a.tsv"), Path.of("/b.txt"), 1, 10);
        variant = new SynthesisVariant(BANK, 4, 1.25);
    }

    static float[][] spectrogram(int frames) {
        float[][] s = new float[92][frames];
        for (int b = 0; b < 92; b++) {
            for (int k = 0; k < frames; k++) {
                s[b][k] = (float) (0.01 * b + Math.sin(k * 0.37 + b) * 1.5 + 1.5);
            }
        }
        return s;
    }

    static PerformanceSynthesizer.SynthesizedPerformance rendered(SynthesisVariant v, int frames) {
        return new PerformanceSynthesizer.SynthesizedPerformance(spectrogram(frames), v, Path.of("/x.mid"), 12.5);
    }

    @Test
    void layoutNamesFolderPerformanceAndVariant() {
        assertThat(store.npyPath(perf, variant)).isEqualTo(dir.resolve("out/audio/Bach__Fugue__bwv_848/"
                + "Denisova06M__FluidR3_GM_p4_t1.25.npy"));
        assertThat(store.sidecarPath(perf, variant).getFileName().toString())
                .isEqualTo("Denisova06M__FluidR3_GM_p4_t1.25.json");
        assertThat(new SynthesisVariant(BANK, 0, 1.0).fileStem()).isEqualTo("FluidR3_GM_p0_t1.00");
        assertThat(new SynthesisVariant(BANK, 0, 0.8).fileStem()).isEqualTo("FluidR3_GM_p0_t0.80");
        assertThatThrownBy(() -> new SynthesisVariant(BANK, 0, 1.255)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SynthesisVariant(BANK, 128, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void float16NpyRoundTripsAndHasANumpyHeader() throws Exception {
        float[][] s = spectrogram(37);
        Path npy = dir.resolve("s.npy");
        Float16Npy.write(npy, s);
        byte[] bytes = Files.readAllBytes(npy);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat((10 + headerLength) % 64).as("numpy aligns the data to 64 bytes").isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f2'").contains("'fortran_order': False").contains("'shape': (92, 37)")
                .endsWith("\n");
        assertThat(bytes.length).isEqualTo(10 + headerLength + 92 * 37 * 2);
        // First value little-endian binary16: s[0][0] = 1.5 + sin(0) = 1.5 = 0x3E00.
        assertThat(bytes[10 + headerLength]).isEqualTo((byte) 0x00);
        assertThat(bytes[10 + headerLength + 1]).isEqualTo((byte) 0x3E);

        float[][] back = Float16Npy.read(npy);
        for (int b = 0; b < 92; b++) {
            for (int k = 0; k < 37; k++) {
                assertThat(back[b][k]).isCloseTo(s[b][k], within(s[b][k] / 1024 + 1e-4f));
            }
        }
        Files.write(npy, Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> Float16Npy.read(npy)).hasMessageContaining("truncated");
    }

    @Test
    void writtenOutputIsCompleteAndReadsBack() {
        assertThat(store.isComplete(perf, variant)).isFalse();
        AudioSidecar sidecar = store.write(perf, rendered(variant, 50));
        assertThat(store.isComplete(perf, variant)).isTrue();
        assertThat(sidecar.frames()).isEqualTo(50);
        assertThat(sidecar.durationSeconds()).isEqualTo(2.5);
        assertThat(sidecar.sourceMidi()).isEqualTo("Bach/Fugue/bwv_848/Denisova06M.mid");

        AudioStore.Stored stored = store.read(perf, variant);
        assertThat(stored.sidecar()).isEqualTo(sidecar);
        assertThat(stored.spectrogram()).hasDimensions(92, 50);
        assertThat(store.isComplete(perf, new SynthesisVariant(BANK, 4, 1.0))).as("other variant").isFalse();
        assertThat(store.isComplete(perf, new SynthesisVariant(BANK, 3, 1.25))).as("other program").isFalse();
    }

    @Test
    void sidecarUsesSnakeCaseKeys() throws Exception {
        store.write(perf, rendered(variant, 5));
        String json = Files.readString(store.sidecarPath(perf, variant));
        assertThat(json).contains("\"tempo_factor\": 1.25").contains("\"program\": 4").contains("\"fps\": 20")
                .contains("\"frames\": 5").contains("\"bank\": \"FluidR3_GM\"").contains("\"layout\": \"[band][frame]\"")
                .contains("\"source_midi_duration_seconds\": 12.5").contains("\"dtype\": \"<f2\"");
    }

    @Test
    void damagedOutputsAreNotComplete() throws Exception {
        store.write(perf, rendered(variant, 50));
        Path json = store.sidecarPath(perf, variant);
        Path npy = store.npyPath(perf, variant);
        String good = Files.readString(json);
        byte[] goodNpy = Files.readAllBytes(npy);

        Files.writeString(json, good.substring(0, good.length() / 2));
        assertThat(store.isComplete(perf, variant)).as("truncated sidecar").isFalse();
        Files.writeString(json, "");
        assertThat(store.isComplete(perf, variant)).as("empty sidecar").isFalse();
        Files.writeString(json, good.replace("\"frames\": 50", "\"frames\": 51"));
        assertThat(store.isComplete(perf, variant)).as("frames disagree").isFalse();
        Files.writeString(json, good.replace("\"format_version\": 1", "\"format_version\": 0"));
        assertThat(store.isComplete(perf, variant)).as("old format").isFalse();
        Files.delete(json);
        assertThat(store.isComplete(perf, variant)).as("no sidecar").isFalse();

        Files.writeString(json, good);
        assertThat(store.isComplete(perf, variant)).isTrue();
        Files.write(npy, Arrays.copyOf(goodNpy, goodNpy.length - 2));
        assertThat(store.isComplete(perf, variant)).as("truncated npy").isFalse();
        Files.write(npy, new byte[0]);
        assertThat(store.isComplete(perf, variant)).as("empty npy").isFalse();
        Files.delete(npy);
        assertThat(store.isComplete(perf, variant)).as("no npy").isFalse();
        assertThatThrownBy(() -> store.read(perf, variant)).isInstanceOf(AsapDataException.class);
    }

    @Test
    void rewriteReplacesAndLeavesNoTemporaryFiles() throws Exception {
        store.write(perf, rendered(variant, 50));
        store.write(perf, rendered(variant, 60));
        assertThat(store.read(perf, variant).sidecar().frames()).isEqualTo(60);
        try (var files = Files.list(store.npyPath(perf, variant).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("Denisova06M__FluidR3_GM_p4_t1.25.npy", "Denisova06M__FluidR3_GM_p4_t1.25.json");
        }
    }
}
