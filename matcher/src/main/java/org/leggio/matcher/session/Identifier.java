package org.leggio.matcher.session;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    /** Votes below this are not saved: after minutes of decay they no longer change a ranking. */
    private static final double MIN_SAVED_VOTE = 1e-3;
    /** While following, votes come from every this many embeddings (2 a second at 10 embeddings a second). */
    static final int FOLLOWING_VOTE_EVERY = 5;

    private final PieceLibrary library;
    private final IdentifierConfig config;
    private final float[][] recent;
    private final double[] votes;
    private final double decay;
    private long steps;
    /** Consecutive verifications a lone candidate passed, and which piece it was. */
    private int loneStreak;
    private int lonePiece = -1;

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
        loneStreak = 0;
        lonePiece = -1;
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
        // while a session follows, identification only watches for a jump to another piece: votes every
        // FOLLOWING_VOTE_EVERY steps, each worth that many, cost a fifth of the snippet search and rank the
        // pieces alike (their half-life is 8 s); the decay stays per step, so the schedule is a function of steps
        int every = verify ? 1 : FOLLOWING_VOTE_EVERY;
        vote(embedding, steps % every == 0 ? every : 0);
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
            SubsequenceDtw.Alignment alignment = align(span, count, ordinal);
            candidates.add(new Verdict.Candidate(ordinal, library.piece(ordinal).getPieceId(), alignment.bestEnd(),
                    alignment.bestCost(), alignment));
        }
        candidates.sort(Comparator.comparingDouble(Verdict.Candidate::cost));
        // a lone candidate is measured against a virtual runner-up just above the lone bound, so that one rule
        // announces it when its cost is at most loneMaxCost — and only after a streak of such verifications
        boolean lone = candidates.size() == 1;
        double runnerUp = lone ? config.loneMaxCost() + config.minMargin() : candidates.get(1).cost();
        double margin = runnerUp - candidates.get(0).cost();
        boolean lonePass = lone && margin >= config.minMargin();
        int piece = lone ? candidates.get(0).pieceOrdinal() : -1;
        loneStreak = !lonePass ? 0 : piece == lonePiece ? loneStreak + 1 : 1;
        lonePiece = piece;
        double cost = candidates.get(0).cost();
        boolean announced = cost <= config.maxCost() && margin >= config.minMargin()
                && (!lone || loneStreak >= IdentifierConfig.LONE_VERIFICATIONS);
        return new Verdict(List.copyOf(candidates), announced, margin, confidence(cost, margin));
    }

    /**
     * The subsequence alignment of the last {@code spanSteps} embeddings heard (at most the verified span)
     * with piece {@code ordinal}'s coarse track, or null with fewer than 2 heard. Unlike {@link #verify} it
     * changes nothing: no streak counts it.
     */
    SubsequenceDtw.Alignment alignRecent(int ordinal, int spanSteps) {
        int count = (int) Math.min(Math.min(steps, recent.length), spanSteps);
        return count < 2 ? null : align(chronological(count), count, ordinal);
    }

    private SubsequenceDtw.Alignment align(float[][] span, int count, int ordinal) {
        return SubsequenceDtw.align(span, count, library.coarseTrack(ordinal), config.maxStep(), config.stepPenalty());
    }

    private float confidence(double cost, double margin) {
        double m = Math.min(margin, 0.2);
        double z = -4 + 60 * m + 8 * (config.maxCost() - cost);
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /** Decays the votes one step and, with a weight above 0, adds the embedding's nearest snippets' votes. */
    private void vote(float[] embedding, int weight) {
        for (int p = 0; p < votes.length; p++) {
            votes[p] *= decay;
        }
        SnippetIndex index = library.snippets();
        if (index == null || weight == 0) {
            return;
        }
        for (Neighbour n : index.search(embedding, config.neighbours())) {
            votes[library.pieceOfSnippet(n.id())] += weight * Math.max(0, n.similarity());
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

    /**
     * Writes what was heard: the remembered embeddings (oldest first) and the votes that matter, by piece
     * id so that a state survives pieces being added to the library.
     */
    void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        int count = (int) Math.min(steps, recent.length);
        int dim = count == 0 ? 0 : recent[(int) ((steps - 1) % recent.length)].length;
        out.writeInt(count);
        out.writeInt(dim);
        for (float[] row : chronological(count)) {
            for (int d = 0; d < dim; d++) {
                out.writeFloat(row[d]);
            }
        }
        int kept = 0;
        for (double vote : votes) {
            kept += vote >= MIN_SAVED_VOTE ? 1 : 0;
        }
        out.writeInt(kept);
        for (int p = 0; p < votes.length; p++) {
            if (votes[p] >= MIN_SAVED_VOTE) {
                out.writeUTF(library.piece(p).getPieceId());
                out.writeDouble(votes[p]);
            }
        }
        out.writeInt(loneStreak);
        out.writeUTF(lonePiece < 0 ? "" : library.piece(lonePiece).getPieceId());
    }

    /**
     * Reads what {@link #save} wrote; votes for pieces no longer in the library are dropped.
     *
     * @param withLoneStreak whether the state holds the lone-candidate streak (session state version 3 on)
     */
    void restore(DataInputStream in, boolean withLoneStreak) throws IOException {
        reset();
        long savedSteps = in.readLong();
        int count = in.readInt();
        int dim = in.readInt();
        if (savedSteps < 0 || count < 0 || count > Math.min(savedSteps, recent.length) || dim < 0 || dim > 4096) {
            throw new IOException("identifier state of " + savedSteps + " steps, " + count + " rows of " + dim
                    + " does not fit a span of " + recent.length);
        }
        steps = savedSteps;
        for (int i = 0; i < count; i++) {
            float[] row = new float[dim];
            for (int d = 0; d < dim; d++) {
                row[d] = in.readFloat();
            }
            recent[(int) ((savedSteps - count + i) % recent.length)] = row;
        }
        int kept = in.readInt();
        for (int i = 0; i < kept; i++) {
            String pieceId = in.readUTF();
            double vote = in.readDouble();
            library.ordinalOf(pieceId).ifPresent(p -> votes[p] = vote);
        }
        if (withLoneStreak) {
            loneStreak = in.readInt();
            lonePiece = library.ordinalOf(in.readUTF()).orElse(-1);
            if (lonePiece < 0) {
                loneStreak = 0;
            }
        }
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
