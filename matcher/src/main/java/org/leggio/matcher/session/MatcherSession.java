package org.leggio.matcher.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.leggio.matcher.follow.ScoreTrack;

/**
 * One listening session: identification over a {@link PieceLibrary}, following of the identified piece,
 * re-localisation when identification keeps disagreeing with the follower (a jump, a repeat taken or
 * skipped, a restart, another piece), and page turns. Not thread-safe; one per session, driven by one
 * thread.
 */
public final class MatcherSession {
    /**
     * What one embedding produced.
     *
     * @param position the position update (always)
     * @param identification a verdict when a piece was announced or changed (else null)
     * @param pageTurn a page turn (else null)
     */
    public record Output(TrackedPosition position, Verdict identification, PageTurn pageTurn) {}

    /**
     * Version 2 added the page already half-turned, version 3 the identifier's lone-candidate streak, version 4
     * the hold on backward turns, version 5 the last known tempo; versions 1 to 4 still restore.
     */
    private static final int STATE_VERSION = 5;

    private final PieceLibrary library;
    private final SessionConfig config;
    private final Identifier identifier;
    private PieceFollower follower;
    private int pieceOrdinal = -1;
    private int disagreeing;
    private int silentSteps;
    /** The last positive tempo reported in the followed piece, strip px per second (NaN: none yet). */
    private double knownPxPerSecond = Double.NaN;
    /**
     * Seconds of silence after which a following session reports LOST. A rest is no stop: the rests of a slow movement
     * last 2–3 s, and with 1 s every first onset after one was reported from a LOST position (validation, docs/
     * evaluation.md, "Twenty-third round").
     */
    public static final double SILENT_SECONDS_TO_LOST = 3.0;
    private int pendingPiece = -1;
    private int pendingPosition;
    private int shownPage = -1;
    /** The shown page for which a half turn was issued (−1: none), so that it is issued once per page. */
    private int halfTurnedPage = -1;
    /** Whether the follower was re-seeded or re-synced since the shown page was shown. */
    private boolean jumpedSinceShown;
    /** Consecutive confident positions behind where the shown page was shown, on another page (no jump). */
    private int backwardSteps;
    /** The track position at which the shown page was shown (NaN: none). */
    private double shownFromPosition = Double.NaN;
    private TrackedPosition last;
    /**
     * Embeddings to go before identification may move the session to another piece again, after the evidence
     * moved it (not part of the serialised state, as the evidence is not).
     */
    private int otherPieceHoldSteps;
    /** Embeddings to go before jumps in the piece the evidence moved the session to are held to the far rules. */
    private int otherPieceUnsureSteps;
    /** Seconds after the evidence moved the session to another piece during which no jump in it counts as far. */
    static final double OTHER_PIECE_UNSURE_SECONDS = 20;
    /**
     * The follower's own confidence from which it counts as sure of its place, and the margin (mean cosine cost)
     * that another piece must then win by on top of the jump margin. On the validation jumps into another piece,
     * identification's wrong changes of piece came when the follower was sure (median confidence 0.58) and won by
     * little (median 0.13), its right ones when it was unsure (0.33) and won by much (0.22).
     */
    static final double SURE_CONFIDENCE = 0.5;
    static final double SURE_OTHER_PIECE_MARGIN = 0.05;
    private final Evidence evidence;

    public MatcherSession(PieceLibrary library, SessionConfig config) {
        this(library, config, Evidence.NONE);
    }

    /**
     * A session that also listens to outside {@code evidence}: its positions are refined by it before they are
     * reported and pages are turned, and its jumps within the followed piece must also pass it (jumps into
     * another piece do not ask). The evidence is not part of the serialised state: pass it again on restore.
     */
    public MatcherSession(PieceLibrary library, SessionConfig config, Evidence evidence) {
        this.library = library;
        this.config = config;
        this.identifier = new Identifier(library, config.identifier());
        this.evidence = java.util.Objects.requireNonNull(evidence, "evidence");
    }

    /** A session that already knows its piece and starts at its beginning (identification still re-localises). */
    public static MatcherSession following(PieceLibrary library, String pieceId, SessionConfig config) {
        return following(library, pieceId, config, Evidence.NONE);
    }

    /** As {@link #following(PieceLibrary, String, SessionConfig)}, with outside evidence. */
    public static MatcherSession following(PieceLibrary library, String pieceId, SessionConfig config,
            Evidence evidence) {
        MatcherSession session = new MatcherSession(library, config, evidence);
        int ordinal = library.ordinalOf(pieceId)
                .orElseThrow(() -> new IllegalArgumentException("piece " + pieceId + " is not in the library"));
        session.start(ordinal, -1);
        return session;
    }

    public Output step(float[] embedding, long frameIndex) {
        return step(embedding, frameIndex, true);
    }

    /**
     * Consumes one audio embedding.
     *
     * @param audible whether the audio at the window's end has sound (see {@code SilenceGate}); silent
     *     steps leave the follower and identification untouched, so that a stop holds the position and
     *     a pause does not count in the tempo; after {@value #SILENT_SECONDS_TO_LOST} s of silence the
     *     state is LOST
     */
    public Output step(float[] embedding, long frameIndex, boolean audible) {
        return reported(advance(embedding, frameIndex, audible));
    }

    private Output advance(float[] embedding, long frameIndex, boolean audible) {
        if (!audible) {
            silentSteps++;
            return new Output(silent(frameIndex), null, null);
        }
        if (silentSteps > 0 && follower != null) {
            follower.follower().skipSilence(silentSteps / config.follower().embeddingsPerSecond());
        }
        silentSteps = 0;
        otherPieceHoldSteps = Math.max(0, otherPieceHoldSteps - 1);
        otherPieceUnsureSteps = Math.max(0, otherPieceUnsureSteps - 1);
        // while following, identification only votes; verification happens below on following's terms
        Verdict verdict = identifier.step(embedding, follower == null);
        Verdict announced = null;
        if (follower == null) {
            if (verdict != null && verdict.announced()) {
                start(verdict.best().pieceOrdinal(), verdict.best().endPosition());
                announced = verdict;
            } else {
                last = idle(frameIndex, verdict);
                return new Output(last, null, null);
            }
        }
        // the refined position (the notes, where known) is what is reported, turns pages and anchors a jump
        TrackedPosition followed = follower.step(embedding, frameIndex);
        TrackedPosition position = evidence.refine(followed);
        double relocation = evidence.relocation();
        Evidence.OtherPiece other = announced == null && !Double.isFinite(relocation)
                ? evidence.otherPiece(this::otherVotedPieces) : null;
        if (other != null) {
            announced = switchTo(other);
            position = positionIn(other, frameIndex, announced.confidence());
        } else if (announced == null && Double.isFinite(relocation)) {
            relocate(relocation, followed, position);
        } else if (announced == null && identifier.dueForVerification()) {
            // a re-seed takes effect from the next embedding; this one's position stands
            announced = relocalise(recentVerdict(), position, followed);
        }
        last = position;
        if (position.tempoStripPxPerSecond() > 0 && Double.isFinite(position.tempoStripPxPerSecond())) {
            knownPxPerSecond = position.tempoStripPxPerSecond();
        }
        return new Output(position, announced, pageTurn(position));
    }

    /**
     * What leaves the session: the confidences of a position in a piece and of a page turn as reported ({@link
     * SessionConfig#reportedConfidence}); what the session keeps (the last position, its state) stays in its own.
     */
    private Output reported(Output own) {
        ConfidenceMap map = config.reportedConfidence();
        if (map.equals(ConfidenceMap.IDENTITY)) {
            return own;
        }
        return new Output(reported(own.position()), own.identification(), reported(own.pageTurn()));
    }

    private TrackedPosition reported(TrackedPosition p) {
        if (p.state() != SessionState.FOLLOWING && p.state() != SessionState.LOST || p.place() == null) {
            return p; // identifying: the confidence is identification's
        }
        return new TrackedPosition(p.frameIndex(), p.state(), p.pieceId(), p.place(), p.trackPosition(),
                p.tempoStripPxPerSecond(), p.tempoBpm(), p.tempoRelative(),
                config.reportedConfidence().apply(p.confidence()), p.evidence());
    }

    private PageTurn reported(PageTurn t) {
        return t == null ? null : new PageTurn(t.pieceId(), t.fromPage(), t.toPage(), t.kind(), t.secondsToEndOfPage(),
                config.reportedConfidence().apply(t.confidence()));
    }

    /** The most-voted pieces other than the followed one, best first. */
    private int[] otherVotedPieces() {
        return java.util.Arrays.stream(identifier.mostVoted()).filter(p -> p != pieceOrdinal).toArray();
    }

    /**
     * Follows the piece the evidence found the players in, from the next embedding on, and returns the
     * announcement. The follower is seeded at the place its look-back matches (where the music of a look-back
     * ago lies at the players' tempo there), as a re-seed is.
     */
    private Verdict switchTo(Evidence.OtherPiece other) {
        ScoreTrack track = library.track(other.pieceOrdinal());
        double matched = other.trackPosition();
        if (track.hasBars() && other.beatsPerSecond() > 0) {
            double beats = track.scoreBeats(other.trackPosition())
                    - config.follower().lookbackSeconds() * other.beatsPerSecond();
            double atBeats = track.positionAtBeats(Math.max(0, beats));
            matched = Double.isFinite(atBeats) ? atBeats : matched;
        }
        start(other.pieceOrdinal(), -1);
        double tempo = track.hasBars() ? other.beatsPerSecond() : Double.NaN;
        follower.follower().resync(Math.max(0, matched), tempo);
        // until the span identification verifies holds only audio since the change (each embedding reaching a
        // look-back before its end, and as far after it), it must not take the session back to the piece before
        otherPieceHoldSteps = config.relocaliseSteps()
                + (int) Math.round(2 * config.follower().lookbackSeconds() * config.follower().embeddingsPerSecond());
        otherPieceUnsureSteps = (int) Math.round(OTHER_PIECE_UNSURE_SECONDS * config.follower().embeddingsPerSecond());
        ScoreTrack coarse = library.coarseTrack(other.pieceOrdinal());
        int end = track.mapTo(coarse, other.trackPosition());
        double cost = Math.max(0, config.identifier().maxCost() - other.margin());
        Verdict.Candidate found = new Verdict.Candidate(other.pieceOrdinal(), track.pieceId(), end, cost, null);
        return new Verdict(java.util.List.of(found), true, other.margin(), confidence(other.margin()));
    }

    /** An announcement's confidence from the evidence's margin (a margin of 0.2 or more is near certain). */
    private static float confidence(double margin) {
        return (float) (1 / (1 + Math.exp(-(-2 + 25 * Math.min(margin, 0.2)))));
    }

    /** The position where the evidence found the players in another piece, reported at once. */
    private TrackedPosition positionIn(Evidence.OtherPiece other, long frameIndex, float confidence) {
        ScoreTrack track = library.track(other.pieceOrdinal());
        double bpm = other.beatsPerSecond() > 0 ? 60 * other.beatsPerSecond() : Double.NaN;
        return new TrackedPosition(frameIndex, SessionState.FOLLOWING, track.pieceId(),
                track.locate(other.trackPosition()), other.trackPosition(), 0, bpm, Double.NaN, confidence, null);
    }

    /** The most-voted pieces and the followed one, verified over the short re-localisation span. */
    private Verdict recentVerdict() {
        int[] voted = identifier.mostVoted();
        int[] ordinals = java.util.Arrays.copyOf(voted, voted.length + 1);
        ordinals[voted.length] = pieceOrdinal;
        ordinals = java.util.Arrays.stream(ordinals).distinct().toArray();
        return identifier.verify(ordinals, config.relocaliseSteps());
    }

    /**
     * Re-seeds the follower when identification has disagreed long enough; returns the verdict if the
     * piece changed. Positions here are on the coarse tracks.
     */
    private Verdict relocalise(Verdict verdict, TrackedPosition position, TrackedPosition followed) {
        if (verdict == null) {
            return null;
        }
        Verdict.Candidate best = verdict.best();
        ScoreTrack coarse = library.coarseTrack(pieceOrdinal);
        int radius = coarseRadius(coarse);
        double matched = follower.track().mapTo(coarse, follower.follower().lastMatchedPosition());
        boolean samePiece = best.pieceOrdinal() == pieceOrdinal;
        if (samePiece && otherPieceUnsureSteps == 0) {
            best = nearerAlike(best, matched, coarse);
        }
        if (!samePiece && otherPieceHoldSteps > 0) {
            // the evidence moved the session to this piece; the embeddings verified still hold the music before
            disagreeing = 0;
            return null;
        }
        boolean agrees = samePiece && Math.abs(best.endPosition() - matched) <= radius;
        double costHere = costNearFollower(verdict, matched, radius);
        // another piece must beat a follower sure of its place by more: soft, plain music fits many pieces alike
        double margin = config.jumpMargin() + (!samePiece && position.confidence() >= SURE_CONFIDENCE
                ? SURE_OTHER_PIECE_MARGIN : 0);
        boolean better = costHere - best.cost() >= margin;
        if (agrees || !verdict.announced() && !samePiece || !better) {
            disagreeing = 0;
            return null;
        }
        // consecutive disagreements must point at the same place (moving on with the music), so that
        // scattered look-alike passages do not add up to a jump
        boolean consistent = disagreeing > 0 && best.pieceOrdinal() == pendingPiece
                && Math.abs(best.endPosition() - pendingPosition) <= 2 * radius
                        + config.identifier().maxStep() * config.identifier().verifyEverySteps();
        disagreeing = consistent ? disagreeing + 1 : 1;
        pendingPiece = best.pieceOrdinal();
        pendingPosition = best.endPosition();
        double target = samePiece ? coarse.mapTo(follower.track(), best.endPosition()) : Double.NaN;
        // right after the evidence moved the session to this piece, the place it chose may be a look-alike: a
        // jump from there is not held to the far-jump rules
        boolean far = samePiece && otherPieceUnsureSteps == 0 && isFar(target) && !acrossABranch(target);
        if (far) {
            // far look-alikes (a recapitulation, a returning theme) are where wrong re-seeds come from: the
            // evidence must hold for longer, no single clear verification suffices, and it must also win over
            // identification's whole span — a look-alike fits the last seconds, while the music before them
            // still fits where the follower is. Until then the disagreement stands and is checked again
            if (disagreeing < Math.max(config.disagreements(), config.farJumpDisagreements())
                    || !winsOverLongSpan(best.endPosition(), matched, radius)) {
                return null;
            }
        } else {
            // a clear difference (twice the margin) needs no second opinion: every second counts after a jump
            boolean clear = costHere - best.cost() >= 2 * config.jumpMargin();
            if (disagreeing < config.disagreements() && !clear) {
                // another piece named once: the evidence may confirm it and place the players there a second sooner
                Evidence.OtherPiece confirmed = samePiece ? null : confirmed(best);
                if (confirmed != null) {
                    disagreeing = 0;
                    return switchTo(confirmed);
                }
                return null;
            }
        }
        disagreeing = 0;
        if (!samePiece) {
            start(best.pieceOrdinal(), best.endPosition(), tempoIn(best.pieceOrdinal(), best.endPosition()));
            return verdict;
        }
        // the target is a matched position: it is moved on by the follower's look-back extrapolation, so that it is
        // a position of now like the reported one (not by the refinement's offset: the notes may follow the players
        // far from where the follower matched, and the target would be moved as far off)
        double ahead = Math.max(0, followed.trackPosition() - follower.follower().lastMatchedPosition());
        if (!evidence.allows(follower.track().pieceId(), position.trackPosition(), target + ahead, far)) {
            return null; // the disagreement stands and is checked again at the next verification
        }
        follower.follower().resync(target);
        evidence.jumped();
        jumpedSinceShown = true;
        return null;
    }

    /**
     * Re-seeds the follower where the evidence found the players ({@code trackPosition}, a position of now),
     * from the next embedding on; {@code followed} is the follower's own latest position, before the evidence
     * refined it, and {@code reported} the refined one, whose tempo the follower keeps.
     */
    private void relocate(double trackPosition, TrackedPosition followed, TrackedPosition reported) {
        // the follower matches the music of a look-back ago: it is re-seeded as far behind the target as its
        // matched position lies behind the one it reports (its look-back extrapolation)
        double ahead = followed.trackPosition() - follower.follower().lastMatchedPosition();
        // the players' tempo goes with them: a follower re-seeded without one fits it anew from its first few
        // matches, and a fit of nothing (0) lets the next jump count as near however far it goes
        double tempo = follower.track().hasBars() ? reported.tempoBpm() / 60 : Double.NaN;
        follower.follower().resync(Math.max(0, trackPosition - Math.max(0, ahead)), tempo);
        disagreeing = 0;
        evidence.jumped();
        jumpedSinceShown = true;
    }

    /**
     * Whether, over identification's whole span, the best path ending near {@code targetCoarse} costs less
     * than the best one ending near the follower ({@code matchedCoarse}); both on the coarse track.
     */
    private boolean winsOverLongSpan(int targetCoarse, double matchedCoarse, int radius) {
        SubsequenceDtw.Alignment alignment = identifier.alignRecent(pieceOrdinal, config.identifier().verifySteps());
        return alignment == null
                || alignment.bestCostNear(targetCoarse, radius) < alignment.bestCostNear(matchedCoarse, radius);
    }

    /**
     * Whether a jump to {@code target} (a following-track position) skips more than {@link
     * SessionConfig#farJumpSeconds} of music at the current tempo; with no tempo known yet, no jump is far.
     */
    private boolean isFar(double target) {
        double positionsPerSecond = positionsPerSecond();
        if (!(positionsPerSecond > 0)) {
            return false;
        }
        double distance = Math.abs(target - follower.follower().lastMatchedPosition());
        return distance / positionsPerSecond > config.farJumpSeconds();
    }

    /** The players' tempo in following-track positions per second, as last known (NaN or 0: none). */
    private double positionsPerSecond() {
        double positionsPerSecond = last == null ? 0 : last.tempoStripPxPerSecond() / follower.track().stridePx();
        if (!(positionsPerSecond > 0)) {
            // the follower's tempo fit may have collapsed (unsure matches, a re-seed): the players have not stopped
            positionsPerSecond = knownPxPerSecond / follower.track().stridePx();
        }
        return positionsPerSecond;
    }

    /**
     * The verified candidate to judge instead of a far one in the followed piece: where the music within {@link
     * SessionConfig#farJumpSeconds} of the follower fits as well as the far place (within the jump margin), that
     * near place. A far place that fits is most often a look-alike of music near the players (a recapitulation, a
     * returning theme) found while the follower is a little off; the near place is then where they are, and a
     * jump there is held to the near rules. {@code matched} and positions are on the coarse track.
     */
    private Verdict.Candidate nearerAlike(Verdict.Candidate best, double matched, ScoreTrack coarse) {
        double target = coarse.mapTo(follower.track(), best.endPosition());
        if (!isFar(target) || acrossABranch(target) || best.alignment() == null) {
            return best;
        }
        double range = config.farJumpSeconds() * positionsPerSecond() * follower.track().stridePx() / coarse.stridePx();
        int near = best.alignment().bestEndNear(matched, (int) range);
        if (near < 0 || best.alignment().meanCost()[near] - best.cost() >= config.jumpMargin()) {
            return best;
        }
        return new Verdict.Candidate(best.pieceOrdinal(), best.pieceId(), near, best.alignment().meanCost()[near],
                best.alignment());
    }

    /**
     * Whether a jump to {@code target} (a following-track position) takes the other way where the played order
     * branches, just where the follower is: from within {@link #BRANCH_WINDOW_SECONDS} of music of a branch point
     * (a repeat's end, a first ending) to within as much of the start of its other branch. Players skip repeats
     * and take them again; such a jump, though it skips a whole section, is no far look-alike.
     */
    private boolean acrossABranch(double target) {
        ScoreTrack track = follower.track();
        double beatsPerSecond = last == null ? Double.NaN : last.tempoBpm() / 60;
        if (!track.hasBars() || track.junctions().isEmpty() || !(beatsPerSecond > 0)) {
            return false;
        }
        double window = BRANCH_WINDOW_SECONDS * beatsPerSecond;
        double from = track.scoreBeats(follower.follower().lastMatchedPosition());
        double to = track.scoreBeats(target);
        for (ScoreTrack.Junction j : track.junctions()) {
            if (Math.abs(from - j.atBeats()) <= window && Math.abs(to - j.toBeats()) <= window) {
                return true;
            }
        }
        return false;
    }

    /** How near a branch point and its other branch's start a jump must be to take the other way, seconds of music. */
    static final double BRANCH_WINDOW_SECONDS = 10;

    /** The agreement radius (given in following-grid positions) on a coarse track. */
    private int coarseRadius(ScoreTrack coarse) {
        double px = (double) config.agreeRadiusPositions() * follower.track().stridePx();
        return Math.max(2, (int) Math.round(px / coarse.stridePx()));
    }

    private double costNearFollower(Verdict verdict, double matched, int radius) {
        for (Verdict.Candidate c : verdict.candidates()) {
            if (c.pieceOrdinal() == pieceOrdinal) {
                return c.alignment().bestCostNear(matched, radius);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Follows piece {@code ordinal} from a coarse-track position (−1: from its start). */
    private void start(int ordinal, int coarsePosition) {
        start(ordinal, coarsePosition, Double.NaN);
    }

    /**
     * As {@link #start(int, int)}, the follower at the players' tempo there when it is known (quarter notes per
     * second; NaN: not known, the follower finds it from its matches).
     */
    private void start(int ordinal, int coarsePosition, double beatsPerSecond) {
        ScoreTrack track = library.track(ordinal);
        if (follower == null || pieceOrdinal != ordinal) {
            knownPxPerSecond = Double.NaN;
            follower = new PieceFollower(track, config.follower());
            showPage(-1, Double.NaN);
        }
        pieceOrdinal = ordinal;
        disagreeing = 0;
        jumpedSinceShown = true;
        evidence.jumped();
        if (coarsePosition >= 0) {
            follower.follower().resync(library.coarseTrack(ordinal).mapTo(track, coarsePosition), beatsPerSecond);
        } else {
            follower.follower().reset();
        }
    }

    /**
     * Where the evidence confirms the players in another piece identification named ({@link
     * Evidence#confirmOtherPiece}).
     */
    private Evidence.OtherPiece confirmed(Verdict.Candidate named) {
        int ordinal = named.pieceOrdinal();
        return evidence.confirmOtherPiece(ordinal, onTrack(ordinal, named.endPosition()),
                config.follower().lookbackSeconds());
    }

    /** A coarse-track position of piece {@code ordinal} on its following track. */
    private double onTrack(int ordinal, int coarsePosition) {
        return library.coarseTrack(ordinal).mapTo(library.track(ordinal), coarsePosition);
    }

    /**
     * The players' tempo in another piece identification found them in, at a coarse-track position, as far as the
     * evidence tells it ({@link Evidence#tempoIn}; NaN: not known). A follower started there with none reports
     * positions a look-back behind, and its first tempi are fits of a few matches, until it has seconds of them.
     */
    private double tempoIn(int ordinal, int coarsePosition) {
        return evidence.tempoIn(ordinal, onTrack(ordinal, coarsePosition), config.follower().lookbackSeconds());
    }

    /** The position during silence: the last one held, LOST after a while; IDLE when not following. */
    private TrackedPosition silent(long frameIndex) {
        if (follower != null && (last == null || last.place() == null)) {
            // a known piece, the music not begun: waiting at its start
            ScoreTrack track = follower.track();
            last = new TrackedPosition(frameIndex, SessionState.FOLLOWING, track.pieceId(), track.locate(0), 0, 0,
                    Double.NaN, Double.NaN, 0, null);
            return last;
        }
        if (follower == null || last == null || last.place() == null) {
            last = new TrackedPosition(frameIndex, SessionState.IDLE, "", null, Double.NaN, 0, Double.NaN, Double.NaN, 0,
                    null);
            return last;
        }
        boolean lost = silentSteps / config.follower().embeddingsPerSecond() >= SILENT_SECONDS_TO_LOST;
        return new TrackedPosition(frameIndex, lost ? SessionState.LOST : last.state(), last.pieceId(), last.place(),
                last.trackPosition(), last.tempoStripPxPerSecond(), last.tempoBpm(), last.tempoRelative(),
                last.confidence(), last.evidence());
    }

    private TrackedPosition idle(long frameIndex, Verdict verdict) {
        // between verifications the state of the last one stands
        boolean hearing = verdict != null ? verdict.best().cost() <= config.identifier().maxCost() + 0.1
                : last != null && last.state() == SessionState.IDENTIFYING;
        SessionState state = hearing ? SessionState.IDENTIFYING : SessionState.IDLE;
        return new TrackedPosition(frameIndex, state, "", null, Double.NaN, 0, Double.NaN, Double.NaN,
                verdict == null ? 0 : verdict.confidence(), null);
    }

    /**
     * The page turn due at a position, if any: a full turn when the position has moved to another page
     * (either way, as the players may have gone back at a repeat or a jump, but not when it only {@link
     * #wavering wavers} back), else a half turn ahead of the end of the page. Only when following with
     * confidence.
     */
    private PageTurn pageTurn(TrackedPosition position) {
        int page = position.place().pageIndex();
        if (shownPage < 0) {
            showPage(page, position.trackPosition());
            return null;
        }
        if (position.state() != SessionState.FOLLOWING
                || config.reportedConfidence().apply(position.confidence()) < config.turnConfidence()) {
            return null;
        }
        if (page != shownPage && wavering(position.trackPosition())) {
            return null;
        }
        if (page != shownPage) {
            PageTurn turn = new PageTurn(position.pieceId(), shownPage, page, PageTurn.Kind.FULL, 0,
                    position.confidence());
            showPage(page, position.trackPosition());
            return turn;
        }
        return halfTurn(position);
    }

    /**
     * A half turn once per shown page, when the position is in the page's bottom half and the piece goes
     * on to a later page in played order. A repeat back to an earlier page gets no half turn: turns are
     * never backwards on their own (the contract), so that page is shown by the full turn once the
     * players are there.
     */
    private PageTurn halfTurn(TrackedPosition position) {
        ScoreTrack track = follower.track();
        double at = position.trackPosition();
        int next = track.nextPageInPlayedOrder(at);
        if (halfTurnedPage == shownPage || next <= shownPage || !track.inBottomHalf(at)) {
            return null;
        }
        // right after an identification or a re-sync there is no tempo yet: a half turn then could only
        // predict "now" for the end of the page, so it waits (the full turn still comes on the next page)
        if (!(position.tempoBpm() > 0) && !(position.tempoStripPxPerSecond() > 0)) {
            return null;
        }
        halfTurnedPage = shownPage;
        double seconds = track.secondsToPageEnd(at, position.tempoBpm(), position.tempoStripPxPerSecond());
        return new PageTurn(position.pieceId(), shownPage, next, PageTurn.Kind.HALF, seconds, position.confidence());
    }

    /**
     * Whether a position on another page than the shown one is the follower's best cell wavering back across
     * the page boundary rather than the players moving on: it lies behind where the shown page was shown,
     * with no jump since, and has not stayed there for {@link SessionConfig#backwardTurnSeconds}. The follower
     * never moves back by itself, so the players going back (a restart, a repeat not in the score) reach it
     * through a re-seed, which turns at once; a written repeat moves forward along the unfolded track.
     */
    private boolean wavering(double trackPosition) {
        if (jumpedSinceShown || !(trackPosition < shownFromPosition)) {
            backwardSteps = 0;
            return false;
        }
        return ++backwardSteps < config.backwardTurnSteps();
    }

    /** Shows a page (−1: none yet), reached at {@code fromPosition}; a new page has had no half turn. */
    private void showPage(int page, double fromPosition) {
        shownPage = page;
        shownFromPosition = fromPosition;
        halfTurnedPage = -1;
        jumpedSinceShown = false;
        backwardSteps = 0;
    }

    /** "We are here": adopts a position in a piece of the library. */
    public void resync(String pieceId, double trackPosition) {
        int ordinal = library.ordinalOf(pieceId)
                .orElseThrow(() -> new IllegalArgumentException("piece " + pieceId + " is not in the library"));
        start(ordinal, -1); // tells the evidence of the jump
        follower.follower().resync(trackPosition);
    }

    /**
     * "We are here" at a printed place: page, system and x on the page of a piece in the library; in a
     * repeated passage, the occurrence nearest the current position.
     *
     * @throws IllegalArgumentException if the piece is not in the library or has no such system
     */
    public void resync(String pieceId, int pageIndex, int systemIndex, float pageXPx) {
        int ordinal = library.ordinalOf(pieceId)
                .orElseThrow(() -> new IllegalArgumentException("piece " + pieceId + " is not in the library"));
        double near = ordinal == pieceOrdinal && follower != null ? follower.follower().lastMatchedPosition() : 0;
        double position = library.track(ordinal).positionAt(pageIndex, systemIndex, pageXPx, near);
        resync(pieceId, position);
    }

    /** Forgets the piece and everything heard. */
    public void reset() {
        follower = null;
        pieceOrdinal = -1;
        disagreeing = 0;
        silentSteps = 0;
        knownPxPerSecond = Double.NaN;
        showPage(-1, Double.NaN);
        last = null;
        identifier.reset();
    }

    /**
     * The whole mutable state as bytes, to be kept in a state store between embeddings: what was heard
     * (the verified span, the votes), the followed piece and the follower's window, the page shown and
     * whether it was half-turned, the last position. Pieces are named by id, so the state can be restored
     * into a library that has gained pieces since. Size: a few KB plus the verified span (4 bytes ×
     * dimension × span steps).
     */
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            out.writeUTF(pieceId());
            out.writeInt(disagreeing);
            out.writeInt(silentSteps);
            out.writeUTF(pendingPiece < 0 ? "" : library.piece(pendingPiece).getPieceId());
            out.writeInt(pendingPosition);
            out.writeInt(shownPage);
            out.writeInt(halfTurnedPage);
            out.writeDouble(shownFromPosition);
            out.writeBoolean(jumpedSinceShown);
            out.writeInt(backwardSteps);
            out.writeDouble(knownPxPerSecond);
            writeLast(out);
            byte[] followerState = follower == null ? new byte[0] : follower.follower().saveState();
            out.writeInt(followerState.length);
            out.write(followerState);
            identifier.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A session in the state {@link #saveState} saved, over {@code library} (which may hold more pieces
     * than when it was saved; if the followed piece has gone, the session identifies afresh). States of
     * version 1 (before half turns) restore as if no half turn had been issued.
     *
     * @throws IllegalArgumentException if the bytes are not a saved session state, or were saved with a
     *     different follower or identifier configuration
     */
    public static MatcherSession restore(PieceLibrary library, SessionConfig config, byte[] saved) {
        return restore(library, config, saved, Evidence.NONE);
    }

    /** As {@link #restore(PieceLibrary, SessionConfig, byte[])}, with outside evidence. */
    public static MatcherSession restore(PieceLibrary library, SessionConfig config, byte[] saved,
            Evidence evidence) {
        MatcherSession session = new MatcherSession(library, config, evidence);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            int version = in.readInt();
            if (version < 1 || version > STATE_VERSION) {
                throw new IllegalArgumentException("session state version " + version + ", expected 1 to "
                        + STATE_VERSION);
            }
            Optional<Integer> piece = library.ordinalOf(in.readUTF());
            session.disagreeing = in.readInt();
            session.silentSteps = in.readInt();
            session.pendingPiece = library.ordinalOf(in.readUTF()).orElse(-1);
            session.pendingPosition = in.readInt();
            session.showPage(in.readInt(), Double.NaN);
            if (version >= 2) {
                session.halfTurnedPage = in.readInt();
            }
            if (version >= 4) {
                session.shownFromPosition = in.readDouble();
                session.jumpedSinceShown = in.readBoolean();
                session.backwardSteps = in.readInt();
            }
            if (version >= 5) {
                session.knownPxPerSecond = in.readDouble();
            }
            session.last = session.readLast(in);
            byte[] followerState = new byte[in.readInt()];
            in.readFully(followerState);
            if (piece.isPresent()) {
                session.pieceOrdinal = piece.get();
                session.follower = new PieceFollower(library.track(piece.get()), config.follower());
                session.follower.follower().restoreState(followerState);
            } else {
                session.showPage(-1, Double.NaN);
                // an identifying session's last report (IDLE or IDENTIFYING, no piece) stands until the next
                // verification; only a position in a piece that has left the library is forgotten
                if (session.last != null && !session.last.pieceId().isEmpty()) {
                    session.last = null;
                }
            }
            session.identifier.restore(in, version >= 3);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt or incompatible session state (" + saved.length + " bytes): "
                    + e.getMessage(), e);
        }
        return session;
    }

    private void writeLast(DataOutputStream out) throws IOException {
        out.writeBoolean(last != null);
        if (last == null) {
            return;
        }
        out.writeLong(last.frameIndex());
        out.writeInt(last.state().ordinal());
        out.writeUTF(last.pieceId());
        out.writeBoolean(last.place() != null);
        out.writeDouble(last.trackPosition());
        out.writeDouble(last.tempoStripPxPerSecond());
        out.writeDouble(last.tempoBpm());
        out.writeDouble(last.tempoRelative());
        out.writeFloat(last.confidence());
    }

    private TrackedPosition readLast(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long frameIndex = in.readLong();
        SessionState state = SessionState.values()[in.readInt()];
        String piece = in.readUTF();
        boolean placed = in.readBoolean();
        double trackPosition = in.readDouble();
        double pxPerSecond = in.readDouble();
        double bpm = in.readDouble();
        double relative = in.readDouble();
        float confidence = in.readFloat();
        Optional<Integer> ordinal = library.ordinalOf(piece);
        // the place is a function of the track position, so it is recomputed rather than stored
        ScoreTrack.Place place = placed && ordinal.isPresent() ? library.track(ordinal.get()).locate(trackPosition)
                : null;
        return new TrackedPosition(frameIndex, state, piece, place, trackPosition, pxPerSecond, bpm, relative,
                confidence, null);
    }

    /** The last position reported (null before the first embedding or after a reset). */
    public TrackedPosition lastPosition() {
        return last == null ? null : reported(last);
    }

    /** The followed piece's id, or "" when identifying. */
    public String pieceId() {
        return pieceOrdinal < 0 ? "" : library.piece(pieceOrdinal).getPieceId();
    }
}
