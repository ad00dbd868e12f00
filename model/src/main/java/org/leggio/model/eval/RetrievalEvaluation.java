package org.leggio.model.eval;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.leggio.model.Embedder;
import org.leggio.model.EmbeddingException;
import org.leggio.model.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates an {@link Embedder} on a {@link PairSet}: embeds n pairs, then measures snippet
 * retrieval in both directions ({@link RetrievalMetrics}) and piece identification by voting and
 * by DTW ({@link PieceIdentification}, audio queries against the sheet snippets of all pieces
 * among the n pairs, each piece's rows in the set's order).
 *
 * <pre>{@code
 * PairSet pairs = PairSet.read(Path.of("msmd-test-pairs"));
 * EvaluationReport report = new RetrievalEvaluation(EvaluationConfig.defaults())
 *         .evaluate(pairs, embedder, (done, total) -> log.info("{}/{}", done, total));
 * Files.writeString(Path.of("report.md"), report.toMarkdown());
 * }</pre>
 *
 * <p>n = min(set size, {@code maxPairs}); a larger set is cut deterministically (see {@link
 * EvaluationConfig}). Identification here uses the evaluated pairs only: each query piece's audio
 * windows and the database's sheet snippets are the matched halves of the same n pairs.
 *
 * <p>Threading: an instance holds only its settings and may be shared; {@link #evaluate} runs on
 * the calling thread (the metrics use the common fork-join pool) and calls the embedder from it.
 * The embedder is not closed.
 */
public final class RetrievalEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalEvaluation.class);
    private static final String IN_MEMORY = "(in memory)";

    private final EvaluationConfig config;
    private final Clock clock;

    /** An evaluation with {@code config}, dating reports by the system clock (UTC). */
    public RetrievalEvaluation(EvaluationConfig config) {
        this(config, Clock.systemUTC());
    }

    /** An evaluation with {@code config}, dating reports by {@code clock}. */
    public RetrievalEvaluation(EvaluationConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config can't be null");
        this.clock = Objects.requireNonNull(clock, "clock can't be null");
    }

    /** As {@link #evaluate(PairSet, Embedder, ProgressListener)} without progress reports. */
    public EvaluationReport evaluate(PairSet pairs, Embedder embedder) {
        return evaluate(pairs, embedder, ProgressListener.NONE);
    }

    /**
     * Embeds, measures and reports.
     *
     * @param pairs the pair set (not modified)
     * @param embedder the model; its audio context T must equal the set's
     * @param progress told after every batch
     * @throws IllegalArgumentException if the audio contexts differ
     * @throws EmbeddingException if the embedder fails or returns the wrong number or size of rows
     */
    public EvaluationReport evaluate(PairSet pairs, Embedder embedder, ProgressListener progress) {
        Objects.requireNonNull(pairs, "pairs can't be null");
        Objects.requireNonNull(embedder, "embedder can't be null");
        Objects.requireNonNull(progress, "progress can't be null");
        ModelInfo info = embedder.info();
        if (info.audioContextFrames() != pairs.audioContextFrames()) {
            throw new IllegalArgumentException("the model " + info.modelId() + " takes audio windows of " + info.audioContextFrames()
                    + " frames but the pair set has " + pairs.audioContextFrames());
        }
        String selection = "all";
        PairSet evaluated = pairs;
        if (pairs.size() > config.maxPairs()) {
            boolean random = config.subsetSeed().isPresent();
            evaluated = random ? pairs.subset(config.maxPairs(), config.subsetSeed().getAsLong()) : pairs.evenlySpaced(config.maxPairs());
            selection = random ? "random, seed " + config.subsetSeed().getAsLong() : "evenly spaced";
        }
        int n = evaluated.size();
        LOG.info("evaluating {} on {} of {} pairs ({})", info.modelId(), n, pairs.size(), selection);
        int[] done = {0};
        PairSet set = evaluated;
        float[][] audio = embed(n, set::audio, embedder::embedAudio, "audio", info, done, progress);
        float[][] sheet = embed(n, set::sheet, embedder::embedSheet, "sheet", info, done, progress);
        RetrievalResult retrieval = RetrievalMetrics.evaluate(audio, sheet);
        List<String> pieceIds = set.pairs().stream().map(PairInfo::pieceId).toList();
        IdentificationReport identification = PieceIdentification.identify(PieceEmbeddings.of(audio, pieceIds),
                PieceEmbeddings.of(sheet, pieceIds), config.identification());
        LOG.info("{}: audio → sheet MRR {}, sheet → audio MRR {}", info.modelId(), retrieval.audioToSheet().mrr(),
                retrieval.sheetToAudio().mrr());
        return new EvaluationReport(info.modelId(), info.embeddingDim(), pairs.audioContextFrames(),
                pairs.source().map(Object::toString).orElse(IN_MEMORY), pairs.description(), pairs.size(), selection,
                clock.instant().truncatedTo(ChronoUnit.SECONDS), retrieval, identification);
    }

    private interface Embedding {
        float[][] apply(List<float[][]> inputs);
    }

    private float[][] embed(int n, IntFunction<float[][]> input, Embedding embedding, String what, ModelInfo info, int[] done,
            ProgressListener progress) {
        float[][] out = new float[n][];
        for (int first = 0; first < n; first += config.batchSize()) {
            int end = Math.min(n, first + config.batchSize());
            List<float[][]> batch = new ArrayList<>(end - first);
            for (int i = first; i < end; i++) {
                batch.add(input.apply(i));
            }
            float[][] rows = embedding.apply(batch);
            if (rows == null || rows.length != batch.size()) {
                throw new EmbeddingException("the embedder returned " + (rows == null ? "null" : rows.length + " rows") + " for "
                        + batch.size() + " " + what + " inputs");
            }
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] == null || rows[i].length != info.embeddingDim()) {
                    throw new EmbeddingException("the embedder returned " + what + " embeddings of "
                            + (rows[i] == null ? "null" : rows[i].length + " values") + " but its embeddingDim is " + info.embeddingDim());
                }
                out[first + i] = rows[i];
            }
            done[0] += batch.size();
            progress.onProgress(done[0], 2 * n);
        }
        return out;
    }
}
