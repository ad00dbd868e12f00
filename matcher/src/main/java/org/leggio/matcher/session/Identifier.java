package org.leggio.matcher.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.leggio.matcher.identify.Neighbour;
import org.leggio.matcher.identify.SnippetIndex;

/**
 * Which piece of a {@link PieceLibrary} is playing, and where. Every audio embedding votes for the
 * pieces of its nearest snippets (votes decay over time); every {@code verifyEverySeconds} the most-voted
 * pieces are verified by {@link SubsequenceDtw} over the last {@code verifySeconds}, which ranks them and
 * gives the position. Memory per session: the verified span of embeddings and one vote per piece.
 * Not thread-safe; one per session.
 */
public final class Identifier {
    private final PieceLibrary library;
    private final IdentifierConfig config;
    private final float[][] recent;
    private final double[] votes;
    private final double decay;
    private long steps;

    public Identifier(PieceLibrary library, IdentifierConfig config) {
        this.library = library;
        this.config = config;
        this.recent = new float[config.verifySteps()][];
        this.votes = new double[library.size()];
        this.decay = Math.pow(0.5, 1 / (config.voteHalfLifeSeconds() * config.embeddingsPerSecond()));
    }

    public PieceLibrary library() {
        return library;
    }

    /** Whether this step is a verification step (every {@code verifyEverySeconds}). */
    boolean dueForVerification() {
        return steps >= config.firstVerifySteps() && steps % config.verifyEverySteps() == 0;
    }

    /** Forgets everything heard. */
    public void reset() {
        Arrays.fill(votes, 0);
        steps = 0;
    }

    /**
     * Consumes one audio embedding; returns a verdict on verification steps (once the verified span is
     * full), otherwise null.
     */
    public Verdict step(float[] embedding) {
        return step(embedding, true);
    }

    /**
     * Consumes one audio embedding; with {@code verify} false it only votes and remembers (a following
     * session verifies on its own terms).
     */
    public Verdict step(float[] embedding, boolean verify) {
        float[] slot = recent[(int) (steps % recent.length)];
        if (slot == null || slot.length != embedding.length) {
            slot = new float[embedding.length];
            recent[(int) (steps % recent.length)] = slot;
        }
        // the ring's rows are reused: no allocation per embedding
        System.arraycopy(embedding, 0, slot, 0, embedding.length);
        steps++;
        vote(embedding);
        if (!verify || steps < config.firstVerifySteps() || steps % config.verifyEverySteps() != 0 || library.size() == 0) {
            return null;
        }
        return verify(mostVoted(), recent.length);
    }

    /**
     * Verifies the given pieces now over the last {@code spanSteps} embeddings heard (at least 2), or
     * returns null.
     */
    public Verdict verify(int[] pieceOrdinals, int spanSteps) {
        int count = (int) Math.min(Math.min(steps, recent.length), spanSteps);
        if (count < 2 || pieceOrdinals.length == 0) {
            return null;
        }
        float[][] span = chronological(count);
        List<Verdict.Candidate> candidates = new ArrayList<>();
        for (int ordinal : pieceOrdinals) {
            SubsequenceDtw.Alignment alignment = SubsequenceDtw.align(span, count, library.coarseTrack(ordinal),
                    config.maxStep(), config.stepPenalty());
            candidates.add(new Verdict.Candidate(ordinal, library.piece(ordinal).getPieceId(), alignment.bestEnd(),
                    alignment.bestCost(), alignment));
        }
        candidates.sort(Comparator.comparingDouble(Verdict.Candidate::cost));
        double margin = candidates.size() > 1 ? candidates.get(1).cost() - candidates.get(0).cost()
                : Double.POSITIVE_INFINITY;
        double cost = candidates.get(0).cost();
        boolean announced = cost <= config.maxCost() && margin >= config.minMargin();
        return new Verdict(List.copyOf(candidates), announced, margin, confidence(cost, margin));
    }

    private float confidence(double cost, double margin) {
        double m = Math.min(margin, 0.2);
        double z = -4 + 60 * m + 8 * (config.maxCost() - cost);
        return (float) (1 / (1 + Math.exp(-z)));
    }

    private void vote(float[] embedding) {
        for (int p = 0; p < votes.length; p++) {
            votes[p] *= decay;
        }
        SnippetIndex index = library.snippets();
        if (index == null) {
            return;
        }
        for (Neighbour n : index.search(embedding, config.neighbours())) {
            votes[library.pieceOfSnippet(n.id())] += Math.max(0, n.similarity());
        }
    }

    /** The pieces with the most votes, best first. */
    public int[] mostVoted() {
        Integer[] order = new Integer[votes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(votes[b], votes[a]));
        int n = Math.min(config.candidates(), order.length);
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            top[i] = order[i];
        }
        return top;
    }

    private float[][] chronological(int count) {
        float[][] span = new float[count][];
        long first = steps - count;
        for (int i = 0; i < count; i++) {
            span[i] = recent[(int) ((first + i) % recent.length)];
        }
        return span;
    }
}
