package org.leggio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestConfig;
import org.leggio.ingest.IngestPipeline;
import org.leggio.ingest.IngestService;
import org.leggio.ingest.KafkaChunkPublisher;
import org.leggio.ingest.source.AudioSources;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.ValueEncoding;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio ingest}: audio → spectrogram chunks on {@code leggio.audio.chunks}. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turns audio into spectrogram chunks on the topic leggio.audio.chunks (key = session id).",
            "Without --file/--midi/--mic it plays the bundled demo performance (Bach, Prelude in C, BWV 846, bars 1-11).",
            "Without --bootstrap it starts an embedded Kafka broker, ingests, reads the chunks back and checks them."})
final class IngestCommand implements Callable<Integer> {

    static final class SourceChoice {
        @Option(names = "--file", paramLabel = "FILE", description = "WAV, AIFF or AU file (8/16/24/32-bit PCM, float, mu-law, A-law; any rate 8-96 kHz).")
        Path file;

        @Option(names = "--midi", paramLabel = "FILE", description = "MIDI file, rendered with the Java Sound synthesizer and --soundfont.")
        Path midi;

        @Option(names = "--mic", description = "Live capture from the default (or --mixer) audio input until Ctrl-C or --max-seconds.")
        boolean mic;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceChoice source = new SourceChoice();

    @Option(names = "--soundfont", paramLabel = "SF2", description = "SF2 bank for --midi (default: the JDK's built-in bank). SF3 is not supported.")
    Path soundfont;

    @Option(names = "--mixer", paramLabel = "NAME", description = "Capture device for --mic (default: the system default).")
    String mixer;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Stop --mic capture after S seconds (default: until Ctrl-C).")
    Double maxSeconds;

    @Option(names = "--session", paramLabel = "ID", description = "Session id, the record key (default: a random id).")
    String sessionId;

    @Option(names = "--realtime", description = "Pace a file or MIDI source at the speed of live audio (a live simulation).")
    boolean realtime;

    @Option(names = "--frames-per-chunk", paramLabel = "N", defaultValue = "2", description = "Frames per chunk, 20 frames = 1 s (default: ${DEFAULT-VALUE} = 100 ms).")
    int framesPerChunk;

    @Option(names = "--encoding", paramLabel = "E", defaultValue = "float16", description = "Value encoding: float16 (default, 2 bytes/value) or float32 (lossless).")
    String encoding;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        IngestConfig config = IngestConfig.builder(sessionId != null ? sessionId : randomSessionId())
                .framesPerChunk(framesPerChunk)
                .encoding(parseEncoding(encoding))
                .realtime(realtime)
                .build();
        try (AudioSource audio = openSource(); KafkaOptions.Connection connection = kafka.connect()) {
            System.err.printf("leggio ingest: session %s, source %s (%d Hz), Kafka %s%n", config.sessionId(),
                    audio.description(), audio.sampleRateHz(), connection.bootstrapServers());
            IngestPipeline.IngestStats stats = publish(audio, config, connection.bootstrapServers());
            if (System.console() != null) {
                System.err.println();
            }
            System.out.printf("session %s: %.2f s of audio -> %d frames in %d chunks on %s (%.2f s wall, %.0fx real time)%n",
                    config.sessionId(), stats.audioSeconds(), stats.frames(), stats.chunks(), Topics.AUDIO_CHUNKS.name(),
                    stats.wallSeconds(), stats.audioSeconds() / Math.max(stats.wallSeconds(), 1e-9));
            if (connection.isEmbedded()) {
                ChunkVerifier.Result check = ChunkVerifier.verify(connection.bootstrapServers(), config.sessionId(), stats.chunks());
                System.out.println(check.message());
                return check.ok() ? 0 : Leggio.EXIT_FAILURE;
            }
        }
        return 0;
    }

    private IngestPipeline.IngestStats publish(AudioSource audio, IngestConfig config, String bootstrapServers) {
        IngestPipeline pipeline = new IngestPipeline(config);
        CountDownLatch done = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            pipeline.stop();
            awaitQuietly(done);
        }, "leggio-ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        KafkaChunkPublisher.Delivery delivery = audio.isLive() || config.realtime()
                ? KafkaChunkPublisher.Delivery.IMMEDIATE : KafkaChunkPublisher.Delivery.ALL_OR_NOTHING;
        try (KafkaChunkPublisher publisher = new KafkaChunkPublisher(bootstrapServers, Topics.AUDIO_CHUNKS.name(),
                config.sessionId(), delivery, Topics.AUDIO_CHUNKS.valueSerde().serializer())) {
            return IngestService.publish(audio, pipeline, publisher, new ProgressPrinter(maxSeconds, pipeline));
        } finally {
            done.countDown();
            removeHookQuietly(stopper);
        }
    }

    private AudioSource openSource() throws Exception {
        if (source.mic) {
            return AudioSources.openMicrophone(mixer);
        }
        if (source.midi != null) {
            return AudioSources.openMidi(source.midi, soundfont);
        }
        if (source.file != null) {
            return Sources.open(source.file, soundfont);
        }
        return AudioSources.openMidi(extractDemo(), soundfont);
    }

    private static Path extractDemo() {
        return DemoPiece.midi();
    }

    static ValueEncoding parseEncoding(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "float16":
                return ValueEncoding.VALUE_ENCODING_FLOAT16;
            case "float32":
                return ValueEncoding.VALUE_ENCODING_FLOAT32;
            default:
                throw new IllegalArgumentException("--encoding must be float16 or float32 but was '" + name + "'");
        }
    }

    private static String randomSessionId() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return "session-" + HexFormat.of().formatHex(bytes);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHookQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutdown already in progress: the hook is running and waits for us.
        }
    }

    /** Prints a progress line about once per second of audio, and stops live capture at --max-seconds. */
    private static final class ProgressPrinter implements IngestPipeline.ProgressListener {
        private final Double maxSeconds;
        private final IngestPipeline pipeline;
        private final boolean interactive = System.console() != null;

        ProgressPrinter(Double maxSeconds, IngestPipeline pipeline) {
            this.maxSeconds = maxSeconds;
            this.pipeline = pipeline;
        }

        @Override
        public void onProgress(IngestPipeline.IngestStats stats) {
            if (interactive) {
                System.err.printf("\r  %7.1f s of audio, %6d frames, %6d chunks", stats.audioSeconds(), stats.frames(), stats.chunks());
            }
            if (maxSeconds != null && stats.audioSeconds() >= maxSeconds) {
                pipeline.stop();
            }
        }
    }
}
