package org.leggio.gateway.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.leggio.gateway.ScoreIngestor;
import org.leggio.kafka.ScorePublisher;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploaded scores being added: one at a time on a worker thread (ingestion embeds every snippet), each
 * with a job a client polls. The file is checked before it is accepted ({@link #formatOf}): only PDF,
 * PNG, JPEG, MusicXML and compressed MusicXML are scores. Thread-safe.
 */
public final class UploadJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadJobs.class);

    /** A job's state as the API shows it. */
    public record Job(String id, String state, String pieceId, String error) {}

    private final ScoreIngestor ingestor;
    private final ScorePublisher publisher;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "leggio-gateway-uploads");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public UploadJobs(ScoreIngestor ingestor, ScorePublisher publisher) {
        this.ingestor = ingestor;
        this.publisher = publisher;
    }

    /**
     * The file extension of a score in these bytes, or empty when they are no score format Leggio reads
     * (judged by content, not by the name or the declared type).
     */
    public static Optional<String> formatOf(byte[] bytes) {
        if (startsWith(bytes, "%PDF-")) {
            return Optional.of(".pdf");
        }
        if (bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && startsWith(bytes, 1, "PNG")) {
            return Optional.of(".png");
        }
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of(".jpg");
        }
        if (startsWith(bytes, "PK\u0003\u0004")) {
            return Optional.of(".mxl");
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 2048), java.nio.charset.StandardCharsets.UTF_8);
        if (head.contains("<score-partwise") || head.contains("<score-timewise")) {
            return Optional.of(".musicxml");
        }
        return Optional.empty();
    }

    /** Accepts a checked upload and returns its job id; the work happens on the worker thread. */
    public String submit(byte[] bytes, String extension, PieceMetadata metadata) {
        String id = UUID.randomUUID().toString();
        jobs.put(id, new Job(id, "running", "", ""));
        worker.execute(() -> run(id, bytes, extension, metadata));
        return id;
    }

    public Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(String id, byte[] bytes, String extension, PieceMetadata metadata) {
        Path file = null;
        try {
            file = Files.createTempFile("leggio-upload-", extension);
            Files.write(file, bytes);
            ScoreIndex piece = ingestor.ingest(file, metadata);
            publisher.publish(piece);
            jobs.put(id, new Job(id, "done", piece.getPieceId(), ""));
            LOG.info("upload {}: added and published piece {}", id, piece.getPieceId());
        } catch (IOException | RuntimeException e) {
            jobs.put(id, new Job(id, "failed", "", String.valueOf(e.getMessage())));
            LOG.warn("upload {} failed: {}", id, e.getMessage());
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        return startsWith(bytes, 0, prefix);
    }

    private static boolean startsWith(byte[] bytes, int offset, String prefix) {
        if (bytes.length < offset + prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[offset + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
