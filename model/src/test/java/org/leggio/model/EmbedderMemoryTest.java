package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memory stays flat over 10,000 calls (alternating audio and sheet, batch 1).
 *
 * <p>Criteria, measured at call {@value #WARM_UP_CALLS} (caches, allocator pools and the JIT warmed
 * up) and at call {@value #CALLS}, each time right after {@code System.gc()}:
 *
 * <ol>
 *   <li>exact: the NDArrays held by the embedder's DJL managers are the same number as before the
 *       first call (everything a call creates lives in its own sub-manager);
 *   <li>the JVM's direct-buffer memory grows by less than 1 MB (inputs go through a small pool of
 *       reused buffers; a fresh buffer per call would add ≈190 MB);
 *   <li>native heap in use ({@code mallinfo2()}: {@code uordblks + hblkhd}, which includes every
 *       libtorch tensor) grows by less than {@value #NATIVE_GROWTH_LIMIT_MB} MB; run to run it
 *       moves by ±4 MB (the JVM's own malloc use). A leaked input tensor per call would add
 *       ≈190 MB, a kept autograd graph gigabytes. Skipped where glibc is not available;
 *   <li>coarse: RSS grows by less than {@value #RSS_GROWTH_LIMIT_MB} MB (RSS also moves with the
 *       Java heap's pages and compiled code: +24 to +35 MB here while the native heap stayed
 *       within 1 MB).
 * </ol>
 */
class EmbedderMemoryTest {
    private static final int CALLS = 10_000;
    private static final int WARM_UP_CALLS = 2_000;
    private static final long NATIVE_GROWTH_LIMIT_MB = 16;
    private static final long RSS_GROWTH_LIMIT_MB = 128;

    @Test
    @Timeout(600)
    void shouldKeepMemoryFlatOverTenThousandCalls() throws Exception {
        EmbedderOptions cpu = EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).build();
        try (NetworkEmbedder e = Embedders.untrained(new NetworkSpec(42, false, 32), 1, cpu)) {
            List<float[][]> audio = TestInputs.audio(1, 42, 1);
            List<float[][]> sheet = TestInputs.sheet(1, 2);
            int arraysBefore = e.runtime().managedArrayCount();
            Snapshot warm = null;
            for (int call = 1; call <= CALLS; call++) {
                if (call % 2 == 0) {
                    e.embedAudio(audio);
                } else {
                    e.embedSheet(sheet);
                }
                if (call == WARM_UP_CALLS) {
                    warm = Snapshot.take();
                }
            }
            Snapshot end = Snapshot.take();
            System.out.printf("memory at call %d: %s; at call %d: %s%n", WARM_UP_CALLS, warm, CALLS, end);

            assertThat(e.runtime().managedArrayCount()).as("NDArrays held by the embedder").isEqualTo(arraysBefore);
            assertThat(end.directBytes - warm.directBytes).as("direct buffer growth, bytes").isLessThan(1 << 20);
            if (warm.nativeBytes >= 0 && end.nativeBytes >= 0) {
                assertThat((end.nativeBytes - warm.nativeBytes) >> 20)
                        .as("native heap growth in MB (%s → %s)", warm, end)
                        .isLessThan(NATIVE_GROWTH_LIMIT_MB);
            }
            assertThat((end.rssBytes - warm.rssBytes) >> 20)
                    .as("RSS growth in MB (%s → %s)", warm, end)
                    .isLessThan(RSS_GROWTH_LIMIT_MB);
        }
    }

    /** Memory figures after a full collection. */
    private record Snapshot(long rssBytes, long nativeBytes, long directBytes) {
        static Snapshot take() throws IOException, InterruptedException {
            System.gc();
            Thread.sleep(200); // let the reference handler run the cleaners
            long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(b -> b.getName().equals("direct"))
                    .mapToLong(BufferPoolMXBean::getMemoryUsed)
                    .sum();
            return new Snapshot(readRss(), NativeHeap.inUseBytes(), direct);
        }

        @Override
        public String toString() {
            return String.format("RSS %d MB, native heap %d MB, direct %d kB",
                    rssBytes >> 20, nativeBytes >> 20, directBytes >> 10);
        }
    }

    /** VmRSS of this process in bytes (0 without /proc). */
    private static long readRss() throws IOException {
        Path status = Paths.get("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /** glibc's {@code mallinfo2()} through JNA (a dependency of DJL's API jar). */
    static final class NativeHeap {
        private NativeHeap() {}

        /** Bytes malloc has handed out and not got back (arenas + mmapped chunks), or −1. */
        static long inUseBytes() {
            try {
                Mallinfo2 info = LibC.INSTANCE.mallinfo2();
                return info.uordblks + info.hblkhd;
            } catch (LinkageError | RuntimeException e) {
                return -1;
            }
        }

        /** The glibc entry point. */
        public interface LibC extends Library {
            LibC INSTANCE = Native.load("c", LibC.class);

            Mallinfo2.ByValue mallinfo2();
        }

        /** {@code struct mallinfo2} (all fields size_t). */
        @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost"})
        public static class Mallinfo2 extends Structure {
            public long arena;
            public long ordblks;
            public long smblks;
            public long hblks;
            public long hblkhd;
            public long usmblks;
            public long fsmblks;
            public long uordblks;
            public long fordblks;
            public long keepcost;

            /** Returned by value. */
            public static class ByValue extends Mallinfo2 implements Structure.ByValue {}
        }
    }
}
