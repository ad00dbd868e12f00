package org.leggio.app;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.leggio.broker.EmbeddedBrokerConfig;
import org.leggio.broker.EmbeddedKafkaBroker;
import org.leggio.ingest.ChunkSink;
import org.leggio.ingest.FrontEnd;
import org.leggio.ingest.IngestConfig;
import org.leggio.ingest.IngestPipeline;
import org.leggio.ingest.KafkaChunkPublisher;
import org.leggio.ingest.dsp.LogSpectrogram;
import org.leggio.kafka.TopicAdmin;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leggio bench}: the benchmarks whose results are kept in docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.FrontEndBench.class, BenchCommand.ProducerBench.class, BenchCommand.ModelBench.class, BenchCommand.ScoreBench.class, BenchCommand.TrainBench.class, BenchCommand.MatchBench.class, BenchCommand.IndexBench.class, BenchCommand.NotesBench.class, FollowBenchCommand.class,
            PipelineBenchCommand.class, FanoutBenchCommand.class, FanoutBenchCommand.ClientsCommand.class},
        description = "Benchmarks. Results and the commands that produced them are recorded in docs/benchmarks.md.")
final class BenchCommand {

    @Command(name = "frontend", mixinStandardHelpOptions = true,
            description = "Real-time factor and allocation of the audio front end on one thread (spectrogram alone, and with chunk encoding).")
    static final class FrontEndBench implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "600", description = "Seconds of audio per measurement (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--repeats", defaultValue = "3", description = "Measurements per case after one warm-up (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            System.out.printf("front end, one thread, %.0f s of audio per run, best of %d after warm-up (%s, %s)%n",
                    seconds, repeats, System.getProperty("java.vm.name"), System.getProperty("java.version"));
            System.out.printf("%-44s %12s %14s %16s%n", "case", "RTF", "streams/core", "alloc B/frame");
            spectrogramOnly();
            pipeline(22050, ValueEncoding.VALUE_ENCODING_FLOAT16, "22050 Hz -> spectrogram -> float16 chunks");
            pipeline(44100, ValueEncoding.VALUE_ENCODING_FLOAT16, "44100 Hz -> resample -> ... -> float16 chunks");
            pipeline(48000, ValueEncoding.VALUE_ENCODING_FLOAT16, "48000 Hz -> resample -> ... -> float16 chunks");
            return 0;
        }

        private void spectrogramOnly() {
            GeneratedAudio audio = new GeneratedAudio(FrontEnd.SAMPLE_RATE_HZ, 1);
            float[] second = new float[FrontEnd.SAMPLE_RATE_HZ];
            audio.read(second, 0, second.length);
            long[] frames = new long[1];
            LogSpectrogram.FrameSink sink = (k, bands) -> frames[0]++;
            Measurement best = null;
            for (int run = 0; run <= repeats; run++) {
                LogSpectrogram spectrogram = new LogSpectrogram();
                frames[0] = 0;
                long bytes0 = allocatedBytes();
                long t0 = System.nanoTime();
                for (int s = 0; s < seconds; s++) {
                    spectrogram.process(second, 0, second.length, sink);
                }
                Measurement m = new Measurement(System.nanoTime() - t0, allocatedBytes() - bytes0, frames[0]);
                best = run == 0 ? null : Measurement.better(best, m);
            }
            // Includes constructing the spectrogram: a few KB over the whole run.
            print("22050 Hz -> spectrogram (DSP only)", best);
        }

        private void pipeline(int rateHz, ValueEncoding encoding, String label) {
            Measurement best = null;
            for (int run = 0; run <= repeats; run++) {
                Measurement m = runPipeline(rateHz, encoding, seconds);
                best = run == 0 ? null : Measurement.better(best, m);
            }
            // Steady state: what a second half of the same length adds, so set-up costs cancel out.
            Measurement half = runPipeline(rateHz, encoding, seconds / 2);
            long steadyBytes = best.bytes - half.bytes;
            long steadyFrames = best.frames - half.frames;
            print(label, new Measurement(best.nanos, steadyBytes, steadyFrames));
        }

        private static Measurement runPipeline(int rateHz, ValueEncoding encoding, double audioSeconds) {
            IngestConfig config = IngestConfig.builder("bench").encoding(encoding).build();
            GeneratedAudio audio = new GeneratedAudio(rateHz, audioSeconds);
            ChunkSink discard = chunk -> { };
            IngestPipeline pipeline = new IngestPipeline(config);
            long bytes0 = allocatedBytes();
            long t0 = System.nanoTime();
            IngestPipeline.IngestStats stats = pipeline.run(audio, discard, null);
            return new Measurement(System.nanoTime() - t0, allocatedBytes() - bytes0, stats.frames());
        }

        private void print(String label, Measurement m) {
            double rtf = m.nanos / 1e9 / seconds;
            System.out.printf("%-44s %12.5f %14.0f %16.1f%n", label, rtf, 1 / rtf, (double) m.bytes / m.frames);
        }
    }

    @Command(name = "producer", mixinStandardHelpOptions = true,
            description = "Chunks per second into leggio.audio.chunks on an embedded broker (or --bootstrap).")
    static final class ProducerBench implements Callable<Integer> {
        @Option(names = "--chunks", defaultValue = "20000", description = "Chunks per measurement (default: ${DEFAULT-VALUE}).")
        int chunks;

        @Option(names = "--bootstrap", description = "An existing Kafka (default: an embedded broker).")
        String bootstrapServers;

        @Override
        public Integer call() {
            EmbeddedKafkaBroker broker = bootstrapServers == null
                    ? EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.builder().build()) : null;
            String bootstrap = broker != null ? broker.bootstrapServers() : bootstrapServers;
            try (TopicAdmin admin = TopicAdmin.create(bootstrap)) {
                admin.ensureTopics(Topics.specs(4, (short) 1), Duration.ofSeconds(30));
                System.out.printf("producer into %s at %s, %d chunks of 2 frames (float16)%n", Topics.AUDIO_CHUNKS.name(), bootstrap, chunks);
                measure(bootstrap, KafkaChunkPublisher.Delivery.ALL_OR_NOTHING, chunks,
                        "ALL_OR_NOTHING: one transaction per session (files)");
                measure(bootstrap, KafkaChunkPublisher.Delivery.IMMEDIATE, chunks,
                        "IMMEDIATE: idempotent, linger 0 (live, --realtime)");
                measureLatency(bootstrap);
            } finally {
                if (broker != null) {
                    broker.close();
                }
            }
            return 0;
        }

        private static void measure(String bootstrap, KafkaChunkPublisher.Delivery delivery, int n, String label) {
            String session = "bench-" + delivery + "-" + System.nanoTime();
            try (KafkaChunkPublisher publisher = new KafkaChunkPublisher(bootstrap, Topics.AUDIO_CHUNKS.name(), session,
                    delivery, Topics.AUDIO_CHUNKS.valueSerde().serializer())) {
                publisher.begin();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    publisher.accept(chunk(session, i));
                }
                publisher.commit();
                double secondsTaken = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%-52s %9.0f chunks/s (%d chunks in %.2f s; %d B per record value)%n", label,
                        n / secondsTaken, n, secondsTaken, chunk(session, 0).getSerializedSize());
            }
        }

        /** Send → acknowledged, one chunk at a time, as a live session at 10 chunks/s sees it. */
        private static void measureLatency(String bootstrap) {
            String session = "bench-latency-" + System.nanoTime();
            long[] micros = new long[500];
            try (KafkaChunkPublisher publisher = new KafkaChunkPublisher(bootstrap, Topics.AUDIO_CHUNKS.name(), session,
                    KafkaChunkPublisher.Delivery.IMMEDIATE, Topics.AUDIO_CHUNKS.valueSerde().serializer())) {
                publisher.begin();
                for (int i = 0; i < micros.length; i++) {
                    long t0 = System.nanoTime();
                    publisher.accept(chunk(session, i));
                    publisher.commit();
                    micros[i] = (System.nanoTime() - t0) / 1000;
                }
            }
            java.util.Arrays.sort(micros, 50, micros.length); // first 50 are warm-up
            long[] steady = java.util.Arrays.copyOfRange(micros, 50, micros.length);
            System.out.printf("%-52s p50 %d us, p99 %d us (send -> acks=all, %d chunks)%n", "IMMEDIATE: latency per chunk",
                    steady[steady.length / 2], steady[steady.length * 99 / 100], steady.length);
        }

        private static SpectrogramChunk chunk(String session, int sequence) {
            return SpectrogramChunk.newBuilder().setSessionId(session).setSequenceNumber(sequence)
                    .setFirstFrameIndex(2L * sequence).setBandCount(92).setFrameCount(2)
                    .setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT16).setSourceKind(AudioSourceKind.AUDIO_SOURCE_KIND_FILE)
                    .setCaptureTimeMicros(1_764_000_000_000_000L + sequence * 100_000L)
                    .setValues(SAMPLE_VALUES).build();
        }
    }

    private static final com.google.protobuf.ByteString SAMPLE_VALUES = sampleValues();

    private static com.google.protobuf.ByteString sampleValues() {
        byte[] bytes = new byte[2 * 92 * 2];
        new java.util.Random(7).nextBytes(bytes);
        return com.google.protobuf.ByteString.copyFrom(bytes);
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
            description = "Embeddings per second of the network (audio windows and sheet snippets) at several batch sizes.")
    static final class ModelBench implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ModelOption model;

        @Option(names = "--seconds", defaultValue = "3", description = "Measuring time per case (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--batches", split = ",", defaultValue = "1,8,32,128", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
        int[] batches;

        @Override
        public Integer call() {
            long rss0 = rssKb();
            org.leggio.model.EmbedderBenchmark.Report report = org.leggio.model.EmbedderBenchmark.run(model.resolve(),
                    org.leggio.model.EmbedderOptions.defaults(), batches, Duration.ofMillis(Math.round(seconds * 1000)));
            System.out.printf("%s%nengine start %d ms, model load %d ms, process RSS %d MB (was %d MB before the engine)%n",
                    report.model(), report.engineStart().toMillis(), report.modelLoad().toMillis(), rssKb() / 1024, rss0 / 1024);
            System.out.printf("%-8s %6s %14s %12s%n", "pathway", "batch", "items/s", "ms/batch");
            report.results().forEach(r -> System.out.printf("%-8s %6d %14.1f %12.2f%n", r.pathway(), r.batchSize(),
                    r.itemsPerSecond(), r.msPerBatch()));
            return 0;
        }

        private static long rssKb() {
            try {
                return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
            } catch (java.io.IOException e) {
                return 0;
            }
        }
    }

    private record Measurement(long nanos, long bytes, long frames) {
        static Measurement better(Measurement a, Measurement b) {
            return a == null || b.nanos < a.nanos ? b : a;
        }
    }

    /** Bytes the calling thread has allocated so far. */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = {"Score ingestion time per page: MusicXML (Verovio, render, systems, strip, grids) and the same pages as",
                "PNG images (rasterise, detect systems), without embeddings and with the model's embeddings."})
    static final class ScoreBench implements Callable<Integer> {
        @picocli.CommandLine.Parameters(paramLabel = "MUSICXML", description = "The score to ingest (.musicxml or .mxl).")
        java.nio.file.Path musicXml;

        @picocli.CommandLine.Mixin
        ModelOption model;

        @Option(names = "--runs", defaultValue = "3", description = "Measured runs per case after a warm-up (default: ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() throws Exception {
            try (org.leggio.model.Embedder embedder = org.leggio.model.Embedders.open(model.resolve())) {
                var r = org.leggio.score.ScoreBenchmark.run(musicXml, embedder, org.leggio.score.EngraverOptions.defaults(), runs,
                        System.err::println);
                System.out.printf(java.util.Locale.ROOT, "%s: %d pages, %d snippets (follow + identify grids), median of %d runs%n",
                        musicXml.getFileName(), r.pages(), r.snippets(), runs);
                System.out.printf(java.util.Locale.ROOT, "  MusicXML, no embeddings:    %.3f s/page%n", r.musicXmlSecondsPerPage());
                System.out.printf(java.util.Locale.ROOT, "  PNG pages, no embeddings:   %.3f s/page%n", r.imagesSecondsPerPage());
                System.out.printf(java.util.Locale.ROOT, "  MusicXML, with embeddings:  %.3f s/page (%.0f snippets/s, %s)%n",
                        r.musicXmlWithEmbeddingsSecondsPerPage(), r.embeddingsPerSecond(), embedder.info().device());
            }
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training throughput: optimiser steps per second on random inputs of the real shapes.")
    static final class TrainBench implements Callable<Integer> {
        @Option(names = "--batch", split = ",", defaultValue = "128", description = "Batch sizes (≥ 66 with the batch CCA) (default: ${DEFAULT-VALUE}).")
        int[] batches;

        @Option(names = "--frames", defaultValue = "84", description = "Audio window T (default: ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--attention", description = "With the soft-attention branch.")
        boolean attention;

        @Option(names = "--steps", defaultValue = "5", description = "Timed steps per case (default: ${DEFAULT-VALUE}).")
        int steps;

        @Override
        public Integer call() {
            org.leggio.model.NetworkSpec spec = new org.leggio.model.NetworkSpec(frames, attention, 32);
            for (int b : batches) {
                for (int frozen : new int[] {0, 2}) {
                    for (boolean cca : b >= 66 ? new boolean[] {false, true} : new boolean[] {false}) {
                        org.leggio.model.train.TrainingBenchmark.Result r =
                                org.leggio.model.train.TrainingBenchmark.run(spec, b, cca, frozen, 2, steps);
                        System.out.printf(java.util.Locale.ROOT,
                                "train T=%d%s batch %d, batch CCA %s, %d blocks frozen: %.0f ms/step, %.1f pairs/s%n",
                                frames, attention ? " +att" : "", b, cca ? "on" : "off", frozen, r.msPerStep(),
                                r.pairsPerSecond());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "match", mixinStandardHelpOptions = true,
            description = {"Matcher cost per audio embedding on synthetic scores: the online DTW follower alone, a session "
                + "following a known piece, then per library of the given numbers of identification snippets a session "
                + "following one of its pieces and an identifier that has not identified it yet (searching with every "
                + "embedding, verifying every second), and memory per session. Snippet search: exact below "
                + "--ivf-threshold, IVF from it on, HNSW only from --hnsw-threshold on.",
                "Progress goes to stderr, the Markdown table to stdout. 10^7 snippets need about 6 GB of heap "
                + "(LEGGIO_JAVA_OPTS=-Xmx8g)."})
    static final class MatchBench implements Callable<Integer> {
        @Option(names = "--steps", defaultValue = "20000", description = "Timed steps per measurement, after a warm-up (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--sizes", split = ",", defaultValue = "1000,10000,100000,1000000",
                description = "Library sizes in identification snippets, e.g. 1e3,1e4 (default: ${DEFAULT-VALUE}).")
        String[] sizes;

        @Option(names = "--ivf-threshold", defaultValue = "" + org.leggio.matcher.identify.SnippetIndexes.DEFAULT_IVF_THRESHOLD,
                description = "Libraries of at least this many snippets use IVF, smaller ones an exact scan (default: ${DEFAULT-VALUE}).")
        int ivfThreshold;

        @Option(names = "--hnsw-threshold",
                description = "Libraries of at least this many snippets use HNSW instead (default: never).")
        Integer hnswThreshold;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the table to this file.")
        java.nio.file.Path out;

        @Override
        public Integer call() throws java.io.IOException {
            java.util.List<Integer> parsed = parseSizes(sizes, this);
            int hnswFrom = hnswThreshold == null ? org.leggio.matcher.identify.SnippetIndexes.DEFAULT_HNSW_THRESHOLD
                    : hnswThreshold;
            org.leggio.matcher.session.MatcherBenchmark.Options options;
            try {
                options = new org.leggio.matcher.session.MatcherBenchmark.Options(steps, parsed, ivfThreshold, hnswFrom,
                        seed);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
            System.err.printf(java.util.Locale.ROOT, "matcher benchmark: %d steps, sizes %s, IVF from %,d snippets, "
                    + "HNSW %s (%s %s, %d cores)%n", steps, parsed, ivfThreshold,
                    hnswThreshold == null ? "never" : String.format(java.util.Locale.ROOT, "from %,d snippets", hnswFrom),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            var rows = org.leggio.matcher.session.MatcherBenchmark.run(options, System.err::println);
            String table = org.leggio.matcher.session.MatcherBenchmark.markdown(rows);
            System.out.print(table);
            if (out != null) {
                java.nio.file.Files.writeString(out, table);
                System.err.println("table written to " + out);
            }
            return 0;
        }
    }

    @Command(name = "notes", mixinStandardHelpOptions = true,
            description = {"Note-level refinement on generated data: µs per spectrogram frame pushed, per alignment (one per",
                "audio embedding), per jump check, per search across a leap, per note-follower step (one per frame) and",
                "per look for a replay over 60 s of history (two per second), for the default settings and for audio",
                "spans of 2 and 4 s; and the real-time factor of all of it; then per search of a whole piece of 2, 5 and",
                "10 minutes for the players (another piece, by its notes). One thread."})
    static final class NotesBench implements Callable<Integer> {
        @Option(names = "--steps", defaultValue = "5000", description = "Timed alignments per case, after as many for warm-up (default: ${DEFAULT-VALUE}).")
        int steps;

        @Override
        public Integer call() {
            var defaults = org.leggio.matcher.notes.NoteAlignerConfig.defaults();
            System.out.println("| audio s | radius s | push µs/frame | align µs | jump check µs | leap search µs"
                    + " | note follower µs/frame | replay look µs | RTF |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (var config : java.util.List.of(defaults, defaults.withAudioSeconds(2), defaults.withAudioSeconds(4))) {
                var result = org.leggio.matcher.notes.NoteAlignerBenchmark.run(config, steps, 1);
                System.out.println(org.leggio.matcher.notes.NoteAlignerBenchmark.markdownRow(result));
            }
            System.out.println();
            System.out.println("| searched piece, minutes of music | other-piece search µs (one piece) |");
            System.out.println("|---|---|");
            for (double minutes : new double[] {2, 5, 10}) {
                double micros = org.leggio.matcher.notes.NoteAlignerBenchmark.otherPieceSearchMicros(minutes,
                        Math.max(20, steps / 50), 1);
                System.out.printf(java.util.Locale.ROOT, "| %.0f | %.0f |%n", minutes, micros);
            }
            return 0;
        }
    }

    /** Parses library sizes such as {@code 1e6} or {@code 100_000}; a bad one is a usage error of {@code command}. */
    static java.util.List<Integer> parseSizes(String[] sizes, Object command) {
        java.util.List<Integer> parsed = new java.util.ArrayList<>();
        for (String size : sizes) {
            double value;
            try {
                value = Double.parseDouble(size.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (value != Math.rint(value) || value < 1 || value > Integer.MAX_VALUE) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(command),
                        "--sizes: not a library size: " + size);
            }
            parsed.add((int) value);
        }
        return parsed;
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = {"Nearest-snippet search at library scale on synthetic clustered 32-d unit vectors (about 500 per "
                + "cluster): exact scan, IVF and HNSW per library size: top-10 query latency p50/p99 on one thread, build "
                + "time, recall@10 against the exact answer.",
                "The exact scan is timed on at most 10^9/size queries (100 at 10^7), which are also those recall is "
                + "computed on. HNSW is skipped above --hnsw-max: its build is single-threaded (34 min at 10^6 here).",
                "Progress goes to stderr, the Markdown table to stdout. 10^7 vectors need about 4 GB of heap "
                + "(LEGGIO_JAVA_OPTS=-Xmx6g)."})
    static final class IndexBench implements Callable<Integer> {
        @Option(names = "--sizes", split = ",", defaultValue = "1000,10000,100000,1000000",
                description = "Library sizes in vectors, e.g. 1e3,1e7 (default: ${DEFAULT-VALUE}).")
        String[] sizes;

        @Option(names = "--hnsw-max", defaultValue = "100000",
                description = "Larger libraries skip HNSW (default: ${DEFAULT-VALUE}).")
        int hnswMax;

        @Option(names = "--queries", defaultValue = "1000",
                description = "Timed queries per size, after a warm-up (default: ${DEFAULT-VALUE}).")
        int queries;

        @Option(names = "--threads", description = "IVF build threads (default: the available processors).")
        Integer threads;

        @Option(names = "--nprobe", description = "IVF lists scanned per query (default: "
                + org.leggio.matcher.identify.IvfConfig.DEFAULT_NPROBE + ").")
        Integer nprobe;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic vectors (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            int[] parsed = parseSizes(sizes, this).stream().mapToInt(Integer::intValue).toArray();
            org.leggio.matcher.identify.IvfConfig ivf;
            try {
                ivf = org.leggio.matcher.identify.IvfConfig.defaults();
                ivf = threads == null ? ivf : ivf.withThreads(threads);
                ivf = nprobe == null ? ivf : ivf.withNprobe(nprobe);
                if (queries < 1 || hnswMax < 0) {
                    throw new IllegalArgumentException("--queries must be >= 1 and --hnsw-max >= 0");
                }
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
            System.err.printf(java.util.Locale.ROOT, "index benchmark: sizes %s, %d queries, %s, HNSW up to %,d vectors "
                    + "(%s %s, %d cores, max heap %d MiB)%n", java.util.Arrays.toString(parsed), queries, ivf, hnswMax,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            java.util.List<org.leggio.matcher.identify.IndexBenchmark.Row> rows;
            try {
                rows = org.leggio.matcher.identify.IndexBenchmark.run(parsed, 32, queries, hnswMax,
                        org.leggio.matcher.identify.HnswConfig.defaults(), ivf, seed, System.err::println);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
            System.out.print(org.leggio.matcher.identify.IndexBenchmark.markdown(rows));
            System.out.printf(java.util.Locale.ROOT, "%nIVF: %s lists, nprobe %d, %d training vectors per list, "
                    + "%d k-means iterations, %d build threads. HNSW (M %d, beam %d, %d candidates): %s.%n",
                    ivf.lists() == 0 ? org.leggio.matcher.identify.IvfConfig.AUTO_LISTS_PER_ROOT + "·sqrt(size)"
                            : Integer.toString(ivf.lists()), ivf.nprobe(), ivf.trainingPerList(),
                    ivf.iterations(), ivf.threads(), org.leggio.matcher.identify.HnswConfig.DEFAULT_MAX_CONNECTIONS,
                    org.leggio.matcher.identify.HnswConfig.DEFAULT_BEAM_WIDTH,
                    org.leggio.matcher.identify.HnswConfig.DEFAULT_SEARCH_CANDIDATES,
                    rows.stream().anyMatch(org.leggio.matcher.identify.IndexBenchmark.Row::hnswSkipped)
                            ? String.format(java.util.Locale.ROOT, "skipped above %,d vectors (--hnsw-max; its "
                                    + "single-threaded build took 34 min at 10^6 on this machine)", hnswMax)
                            : "measured at every size");
            return 0;
        }
    }
}
