package org.leggio.gateway.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
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
 * with a job a client polls or watches ({@link #watch}): state, stage and progress. The file is checked
 * before it is accepted ({@link #formatOf}): only PDF, PNG, JPEG, MusicXML and compressed MusicXML are
 * scores. Thread-safe.
 */
public final class UploadJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadJobs.class);

    /**
     * A job's state as the API shows it.
     *
     * @param state {@code queued}, {@code running}, {@code done} or {@code failed}
     * @param stage what is being done: {@code queued}, {@code pages}, {@code embedding}, {@code publishing},
     *     {@code done} or {@code failed}
     * @param progress how much of the stage is done, in [0, 1]
     */
    public record Job(String id, String state, String stage, double progress, String pieceId, String error) {
        public boolean finished() {
            return state.equals("done") || state.equals("failed");
        }

        /** The job as JSON, as {@code GET /api/uploads/{id}} and the upload WebSocket send it. */
        public String toJson() {
            return "{\"jobId\":" + HttpResponses.quote(id) + ",\"state\":" + HttpResponses.quote(state)
                    + ",\"stage\":" + HttpResponses.quote(stage) + ",\"progress\":"
                    + String.format(java.util.Locale.ROOT, "%.3f", progress) + ",\"pieceId\":"
                    + HttpResponses.quote(pieceId) + ",\"error\":" + HttpResponses.quote(error) + "}";
        }
    }

    /** Progress is pushed to watchers at most once per this step of the fraction (and on every stage change). */
    private static final double PROGRESS_STEP = 0.01;

    private final ScoreIngestor ingestor;
    private final ScorePublisher publisher;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "leggio-gateway-uploads");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<Job>>> watchers = new ConcurrentHashMap<>();

    /** Finished jobs are kept this long for their uploader to read, then forgotten. */
    public static final java.time.Duration KEEP_FINISHED = java.time.Duration.ofHours(1);

    private final java.time.Duration keepFinished;
    private final Map<String, Long> finishedAtNanos = new ConcurrentHashMap<>();

    public UploadJobs(ScoreIngestor ingestor, ScorePublisher publisher) {
        this(ingestor, publisher, KEEP_FINISHED);
    }

    /** @param keepFinished how long a finished job stays readable (a gateway runs for months) */
    public UploadJobs(ScoreIngestor ingestor, ScorePublisher publisher, java.time.Duration keepFinished) {
        this.ingestor = ingestor;
        this.publisher = publisher;
        this.keepFinished = keepFinished;
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
        forgetOldJobs();
        String id = UUID.randomUUID().toString();
        jobs.put(id, new Job(id, "queued", "queued", 0, "", ""));
        worker.execute(() -> run(id, bytes, extension, metadata));
        return id;
    }

    public Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /**
     * Calls {@code watcher} with the job now and on every change until it is finished (on the upload
     * thread; it must not block).
     *
     * @return a handle that stops the calls; empty when there is no such job
     */
    public Optional<Runnable> watch(String id, Consumer<Job> watcher) {
        Set<Consumer<Job>> set = watchers.computeIfAbsent(id, k -> new CopyOnWriteArraySet<>());
        set.add(watcher);
        Job now = jobs.get(id);
        if (now == null) {
            set.remove(watcher);
            return Optional.empty();
        }
        watcher.accept(now);
        if (now.finished()) {
            set.remove(watcher);
            watchers.remove(id, Set.of());
            return Optional.of(() -> { });
        }
        return Optional.of(() -> set.remove(watcher));
    }

    private void forgetOldJobs() {
        long now = System.nanoTime();
        finishedAtNanos.entrySet().removeIf(e -> {
            boolean old = now - e.getValue() > keepFinished.toNanos();
            if (old) {
                jobs.remove(e.getKey());
            }
            return old;
        });
    }

    private void update(Job job) {
        jobs.put(job.id(), job);
        if (job.finished()) {
            finishedAtNanos.put(job.id(), System.nanoTime());
        }
        Set<Consumer<Job>> set = job.finished() ? watchers.remove(job.id()) : watchers.get(job.id());
        if (set != null) {
            for (Consumer<Job> w : set) {
                w.accept(job);
            }
        }
    }

    private void progress(String id, String stage, double fraction) {
        Job last = jobs.get(id);
        double clamped = Math.max(0, Math.min(1, fraction));
        if (last != null && last.stage().equals(stage) && Math.abs(clamped - last.progress()) < PROGRESS_STEP
                && clamped < 1) {
            return;
        }
        update(new Job(id, "running", stage, clamped, "", ""));
    }

    private void run(String id, byte[] bytes, String extension, PieceMetadata metadata) {
        Path file = null;
        try {
            file = Files.createTempFile("leggio-upload-", extension);
            Files.write(file, bytes);
            progress(id, "pages", 0);
            ScoreIndex piece = ingestor.ingest(file, metadata, (stage, fraction) -> progress(id, stage, fraction));
            progress(id, "publishing", 0);
            publisher.publish(piece);
            update(new Job(id, "done", "done", 1, piece.getPieceId(), ""));
            LOG.info("upload {}: added and published piece {}", id, piece.getPieceId());
        } catch (IOException | RuntimeException e) {
            update(new Job(id, "failed", "failed", 0, "", String.valueOf(e.getMessage())));
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
