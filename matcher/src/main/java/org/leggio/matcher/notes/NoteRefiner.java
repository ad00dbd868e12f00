package org.leggio.matcher.notes;

import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.session.Evidence;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;

/**
 * Refines a session's positions in one piece with its notes: feed every spectrogram frame to {@link
 * #pushFrame} before the session's step that covers it, and give the refiner to the session as its {@link
 * Evidence}: the session passes each position of its follower through {@link #refine} before it reports it
 * and turns pages, and asks {@link #allows} before a jump. A following position is moved to where the
 * {@link NoteAligner} places the newest audio; from then on, with the {@link NoteFollower} enabled, to where
 * that follower's path through the notes is, frame by frame, until the session jumps or the embedding
 * follower's place fits the notes clearly better. While the embedding follower is lost, the note follower's place
 * is reported, following, as long as the notes fit there about as well as they usually do ({@link
 * NoteFollowerConfig#lostFitTolerance()}). Anything else (idle, lost with no such place, another piece, a score
 * without bars) passes unchanged. With replays looked for ({@link ReplayDetector}), {@link #relocation} tells the
 * session where the players went back to; with branches checked ({@link RepeatJunctions}), which way they went
 * where the played order branches (a repeat skipped or taken once more).
 *
 * <p>Strictly causal: a position is refined with the frames pushed so far, which the caller keeps up to
 * the position's own frame. Not thread-safe: one per session and piece.
 */
public final class NoteRefiner implements Evidence {
    private final ScoreTrack track;
    private final NoteAligner aligner;
    private final NoteAlignerConfig config;
    private final ScoreNotes notes;
    /** The last refined position, quarter notes (NaN: the last position was not refined), and its frame. */
    private double lastRefinedBeats = Double.NaN;
    private long lastRefinedFrame;
    /** Positions more than this many frames apart are not held against each other (0.2 s). */
    private static final int HOLD_FRAMES = 4;
    /** The tempo of the last position refined, quarter notes per second (NaN: none yet). */
    private double lastBeatsPerSecond = Double.NaN;
    /** For this long after it first follows, a refiner takes the score's tempo where the session has none. */
    static final int START_SECONDS = 12;
    /** The tempo taken then when the score has no notated tempo, quarter notes per second. */
    private static final double DEFAULT_BEATS_PER_SECOND = 2;
    /** The frame of the first following position this refiner was given (−1: none yet). */
    private long firstFollowedFrame = -1;
    /** A jump's target and origin are compared over this much music around each, seconds. */
    static final double JUMP_CHECK_RADIUS_SECONDS = 0.5;
    /**
     * The embedding follower never outvotes the note follower to a place more than this much music ahead (seconds
     * at the players' usual tempo), as far as the session's far jumps ({@code SessionConfig.FAR_JUMP_SECONDS}):
     * players get that far ahead only by a skip, which the session judges by its far-jump rules and after which
     * the notes are placed afresh; the embedding follower gets there by a leap of its own (where soft held chords
     * fit anywhere alike, it ran a Largo's last 30 beats ahead to the final chord, and the notes followed it).
     */
    static final double FAR_OUTVOTE_SECONDS = 30;
    /**
     * The session's silence gate: the loudest band averaged over 0.5 s (ingest's {@code Loudness}) against the
     * matcher's default threshold ({@code MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD}).
     */
    private static final int LOUDNESS_FRAMES = 10;
    private static final double SILENT_LOUDNESS = 0.05;
    private final float[] recentPeaks = new float[LOUDNESS_FRAMES];
    private int recentPeakSlot;
    private double recentPeaksSum;
    private boolean lastAudible;
    /** Notes recur when struck again at the same onsets to within this, quarter notes (a 32nd note). */
    private static final double RECUR_TOLERANCE_BEATS = 0.125;
    /**
     * A copy is of music the score has only once only if at least this many notes are struck in it: that a handful
     * of notes recur nowhere note for note says little (a phrase that comes back with one ornament changed, or a
     * span cut short by a tempo that has collapsed: on validation, 4 and 6 notes in the only two such copies in
     * performances played straight through, both false, one a wrong backward page turn).
     */
    static final int MIN_UNIQUE_NOTES = 8;
    /** A replay that needs no say of the notes moves on at least at this share of the tempo. */
    private static final double MIN_REPLAY_PACE = 0.5;
    /**
     * The last refined position, quarter notes (NaN: none since the refiner was made; its frame is {@link
     * #lastRefinedFrame}); unlike {@link #lastRefinedBeats} kept while the session is unsure, so that a leap on
     * landing can be seen.
     */
    private double lastGoodBeats = Double.NaN;
    /** Whether the session moved its follower on purpose since the last refined position. */
    private boolean jumpedSinceRefined;
    /** Whether the note follower was placed where a replay was found, the session's jump to come. */
    private boolean placedByReplay;
    /** Follows the notes frame by frame once placed (null: each position is refined on its own). */
    private final NoteFollower noteFollower;
    /** The players' usual tempo, for the note follower (null: none). */
    private final RunningMedian usualTempo;
    /** The players' usual ratio of their tempo to the score's notated one, for the note follower (null: none). */
    private final RunningMedian scoreTempoRatio;
    /** Consecutive positions at which the embedding follower was far from the note follower and fitted better. */
    private int outvoted;
    /** Recognises music played again (null: not looked for). */
    private final ReplayDetector replay;
    /** Which way the players went where the played order branches (null: the score never branches, or off). */
    private final RepeatJunctions junctions;
    private long lastReplayCheckFrame = Long.MIN_VALUE / 2;
    /** The last replay found (quarter notes), when (frame), and how many looks running found it. */
    private double replayedBeats = Double.NaN;
    private long replayedFrame;
    private int replayConfirmations;
    /** Where and when the current run of looks first found the replay (quarter notes, frame). */
    private double replayFirstBeats = Double.NaN;
    private long replayFirstFrame;
    /** How well the note follower's place usually fits the newest audio while the session follows (null: not used). */
    private final RunningMedian usualFit;
    /** The usual fit is the median over this many seconds of following. */
    static final int USUAL_FIT_SECONDS = 60;
    /**
     * The notes vouch only once their usual fit is known from this many seconds: a refiner just started (a new piece,
     * a session just begun) has not seen how well its notes fit where the players are.
     */
    static final int MIN_FIT_SAMPLES = 10;
    /**
     * The usual fit is sampled only where the embedding follower is at least this sure and agrees with the note
     * follower: after a change of piece onto a look-alike, the notes' fit there would be a poor yardstick, and they
     * would vouch for the wrong place once the embeddings are lost (on validation a jump into another piece was then
     * shown on the right page after 56 s instead of 8 s).
     */
    static final double SURE_CONFIDENCE = 0.6;
    private long lastFitFrame = Long.MIN_VALUE / 2;
    /**
     * Whether the notes vouched for the note follower's place at the last look while the session was lost (see
     * {@link #vouched}); true again once the session follows.
     */
    private boolean vouching;
    private long lastVouchFrame = Long.MIN_VALUE / 2;
    private long lastVouchResyncFrame = Long.MIN_VALUE / 2;
    /**
     * The confidence of a position the notes vouch for while the embedding follower is lost (at least): the
     * session's page-turn threshold, so that such positions turn pages. On the validation performances they are
     * within a beat about as often as the follower's own positions of confidence 0.5–0.6 (docs/evaluation.md).
     */
    static final float VOUCHED_CONFIDENCE = 0.5f;
    /** Where a replay put the players, track position (NaN: nowhere); see {@link #relocation()}. */
    private double relocation = Double.NaN;

    public NoteRefiner(ScoreTrack track, ScoreNotes notes, BandChroma chroma, NoteAlignerConfig config) {
        this.track = track;
        this.aligner = new NoteAligner(notes, chroma, config);
        this.config = config;
        this.notes = notes;
        this.noteFollower = config.follower().enabled()
                ? new NoteFollower(aligner.noteTemplate(), config.follower(), config.framesPerSecond()) : null;
        this.replay = config.replay().enabled() ? new ReplayDetector(config.replay(), config.framesPerSecond()) : null;
        this.junctions = config.repeats().enabled() && !track.junctions().isEmpty()
                ? new RepeatJunctions(track.junctions(), config.repeats(), config.framesPerSecond()) : null;
        this.usualTempo = noteFollower != null && config.follower().usualTempoSeconds() > 0
                ? new RunningMedian(config.follower().usualTempoSeconds(), config.framesPerSecond()) : null;
        this.scoreTempoRatio = noteFollower != null && config.follower().scoreTempoSeconds() > 0
                ? new RunningMedian(config.follower().scoreTempoSeconds(), config.framesPerSecond()) : null;
        this.usualFit = noteFollower != null && config.follower().lostFitTolerance() > 0
                ? new RunningMedian(USUAL_FIT_SECONDS, config.framesPerSecond()) : null;
        if (scoreTempoRatio != null) {
            noteFollower.setNotatedTempo(beats -> track.notatedBeatsPerSecond(track.positionOfBeats(beats)));
        }
    }

    /** The piece this refiner knows the notes of. */
    public String pieceId() {
        return track.pieceId();
    }

    /** Bands a spectrogram frame must have. */
    public int bandCount() {
        return aligner.bandCount();
    }

    /** Adds the next spectrogram frame; see {@link NoteAligner#pushFrame(float[])}. */
    public void pushFrame(float[] bands) {
        aligner.pushFrame(bands);
        lastAudible = audible(bands);
        if (noteFollower != null && lastAudible) {
            // through a pause the path holds, as the session's follower does: stepping on silence it would go on
            // at the tempo and be seconds ahead when the players resume where they stopped
            noteFollower.step(aligner.newestFrame());
        }
        if (replay != null) {
            replay.push(aligner.newestFrame());
        }
    }

    /**
     * Whether the audio is sound rather than a pause, as the session's silence gate judges it: the loudest band of
     * each frame, averaged over the last {@link #LOUDNESS_FRAMES}, above {@link #SILENT_LOUDNESS}.
     */
    private boolean audible(float[] bands) {
        float peak = 0;
        for (float v : bands) {
            peak = Math.max(peak, v);
        }
        recentPeaksSum += peak - recentPeaks[recentPeakSlot];
        recentPeaks[recentPeakSlot] = peak;
        recentPeakSlot = (recentPeakSlot + 1) % LOUDNESS_FRAMES;
        return recentPeaksSum / LOUDNESS_FRAMES > SILENT_LOUDNESS;
    }

    /** Whether the newest frame is sound rather than a pause, by the session's silence gate. */
    boolean audible() {
        return lastAudible;
    }

    /** The aligner, holding the newest audio's features (for searches of other pieces). */
    NoteAligner aligner() {
        return aligner;
    }

    /** Frames pushed so far. */
    public long framesPushed() {
        return aligner.framesPushed();
    }

    /**
     * The position with its place moved to the note-level alignment; unchanged when it is not following
     * this piece, has no score beat or tempo, or the alignment finds nothing.
     */
    @Override
    public TrackedPosition refine(TrackedPosition position) {
        if (position.state() != SessionState.FOLLOWING || position.place() == null
                || !position.pieceId().equals(track.pieceId()) || !track.hasBars()) {
            TrackedPosition vouched = vouched(position);
            if (vouched != null) {
                return vouched;
            }
            lastRefinedBeats = Double.NaN;
            if (noteFollower != null) {
                noteFollower.unseed();
            }
            if (replay != null && position.state() == SessionState.LOST && position.place() != null
                    && position.pieceId().equals(track.pieceId()) && track.hasBars()) {
                // lost is when the players are most likely to have gone back: the held position is the origin
                relocation = replayed(position, position.place().scoreBeats(), true);
            }
            if (junctions != null && position.state() == SessionState.LOST && position.place() != null
                    && position.pieceId().equals(track.pieceId()) && track.hasBars() && !Double.isFinite(relocation)) {
                // lost right after a branch point: the players may have taken the other way
                relocation = branched(position.place().scoreBeats(), position.frameIndex(), false);
            }
            return position;
        }
        lastBeatsPerSecond = tempoOf(position);
        if (noteFollower != null) {
            noteFollower.setTempoHint(lastBeatsPerSecond);
            if (usualTempo != null) {
                noteFollower.setUsualTempo(usualTempo.sample(position.frameIndex(), lastBeatsPerSecond));
            }
            if (scoreTempoRatio != null) {
                double notated = track.notatedBeatsPerSecond((int) Math.round(position.trackPosition()));
                noteFollower.setScoreTempoScale(scoreTempoRatio.sample(position.frameIndex(),
                        lastBeatsPerSecond / notated));
            }
        }
        boolean jumped = jumpedSinceRefined && !placedByReplay;
        jumpedSinceRefined = false;
        placedByReplay = false;
        double beats = noteFollower != null && noteFollower.seeded() && !jumped ? followed(position)
                : placed(position, jumped);
        if (!Double.isFinite(beats)) {
            lastRefinedBeats = Double.NaN;
            return position;
        }
        beats = held(beats, position.frameIndex());
        lastGoodBeats = beats;
        sampleUsualFit(position);
        if (replay != null) {
            // the position is of the newest frame pushed; the history counts the frames this refiner was given,
            // which start at the session's frame 0 only if the refiner was there from the start (a service
            // starts one when a piece is identified, or restores a session elsewhere)
            replay.mark(replay.framesPushed() - 1, beats);
            relocation = replayed(position, beats, false);
        }
        if (junctions != null && !Double.isFinite(relocation)) {
            relocation = branched(beats, position.frameIndex(), true);
        }
        double trackPosition = track.positionAtBeats(beats);
        if (!Double.isFinite(trackPosition)) {
            return position;
        }
        return new TrackedPosition(position.frameIndex(), position.state(), position.pieceId(),
                track.locate(trackPosition), trackPosition, position.tempoStripPxPerSecond(), position.tempoBpm(),
                position.tempoRelative(), position.confidence(), position.evidence());
    }

    /**
     * Once a second, how well the note follower's place fits the newest audio, into {@link #usualFit}: while the
     * embedding follower is sure ({@link #SURE_CONFIDENCE}) and agrees with it (within the refinement's reach),
     * so that the usual fit is the notes' fit where two kinds of evidence placed the players alike.
     */
    private void sampleUsualFit(TrackedPosition position) {
        long frameIndex = position.frameIndex();
        if (usualFit == null || !noteFollower.seeded() || frameIndex - lastFitFrame < config.framesPerSecond()) {
            return;
        }
        double bps = pathBeatsPerSecond();
        double own = noteFollower.beats();
        boolean agreed = Math.abs(position.place().scoreBeats() - own) <= config.radiusSeconds() * Math.max(bps,
                lastBeatsPerSecond);
        if (position.confidence() < SURE_CONFIDENCE || !agreed) {
            return;
        }
        lastFitFrame = frameIndex;
        usualFit.sample(frameIndex, aligner.costNear(own, bps, JUMP_CHECK_RADIUS_SECONDS));
        vouching = true;
    }

    /**
     * While the embedding follower is lost in this piece, the note follower's place, following, if the notes there
     * fit the newest audio within {@link NoteFollowerConfig#lostFitTolerance()} of how well they usually fit (looked
     * at every half second; once they do not, the note follower is let go until the session follows again); null
     * otherwise. Where the embedding follower has strayed beyond the refinement's reach, it is re-synced there
     * (at most every 2 s): stuck or astray at a look-alike, it would take the session with it once it is sure again.
     */
    private TrackedPosition vouched(TrackedPosition position) {
        if (usualFit == null || position.state() != SessionState.LOST || position.place() == null
                || !position.pieceId().equals(track.pieceId()) || !track.hasBars() || !noteFollower.seeded()
                || usualFit.samples() < MIN_FIT_SAMPLES || !(usualFit.median() > 0) || !vouching) {
            vouching = false;
            return null;
        }
        // the path's own tempo: the embedding follower's may have collapsed with its confidence
        double bps = pathBeatsPerSecond();
        if (!(bps > 0)) {
            vouching = false;
            return null;
        }
        double own = noteFollower.beats();
        long frame = position.frameIndex();
        if (frame - lastVouchFrame >= config.framesPerSecond() / 2) {
            lastVouchFrame = frame;
            double fit = bestFitNear(aligner, own, bps, lastBeatsPerSecond);
            vouching = fit <= usualFit.median() * config.follower().lostFitTolerance();
            if (!vouching) {
                return null;
            }
        }
        double beats = held(own + config.latencySeconds() * bps, frame);
        double trackPosition = track.positionAtBeats(beats);
        if (!Double.isFinite(trackPosition)) {
            return null;
        }
        lastGoodBeats = beats;
        if (Math.abs(position.place().scoreBeats() - beats) > config.radiusSeconds() * bps
                && frame - lastVouchResyncFrame >= 2L * config.framesPerSecond()) {
            lastVouchResyncFrame = frame;
            relocation = trackPosition;
            placedByReplay = true; // the note follower is where the session goes: it is not placed afresh
        }
        return new TrackedPosition(frame, SessionState.FOLLOWING, position.pieceId(), track.locate(trackPosition),
                trackPosition, position.tempoStripPxPerSecond(), 60 * bps, position.tempoRelative(),
                Math.max(position.confidence(), VOUCHED_CONFIDENCE), position.evidence());
    }

    /**
     * The players' tempo, quarter notes per second: the session's, but for the first {@value #START_SECONDS} s
     * this refiner follows, where a tempo the session does not know yet (or one below an eighth of the
     * score's) is the score's notated tempo there (120 quarter notes a minute when it has none). The
     * session's tempo is a fit over its last 12 s of matches: at the start it is 0 or a crawl, and with no
     * tempo the notes can neither place the players nor follow them (a piece that opens with repeated chords
     * stood still for 5 s, then was taken for its recapitulation).
     */
    private double tempoOf(TrackedPosition position) {
        double beatsPerSecond = position.tempoBpm() / 60;
        if (firstFollowedFrame < 0) {
            firstFollowedFrame = position.frameIndex();
        }
        if (position.frameIndex() - firstFollowedFrame >= START_SECONDS * config.framesPerSecond()) {
            return beatsPerSecond;
        }
        double notated = track.notatedBeatsPerSecond((int) Math.round(position.trackPosition()));
        double prior = notated > 0 && Double.isFinite(notated) ? notated : DEFAULT_BEATS_PER_SECOND;
        return beatsPerSecond >= prior / 8 && Double.isFinite(beatsPerSecond) ? beatsPerSecond : prior;
    }

    /**
     * The position refined on its own, near the follower's (or across its leap); the note follower, if any,
     * starts there.
     */
    private double placed(TrackedPosition position, boolean jumped) {
        double beats = acrossLeap(position, jumped);
        if (Double.isNaN(beats)) {
            beats = aligner.align(position.place().scoreBeats(), lastBeatsPerSecond);
        }
        if (noteFollower != null && Double.isFinite(beats)) {
            noteFollower.seed(beats - config.latencySeconds() * lastBeatsPerSecond, lastBeatsPerSecond);
        } else if (noteFollower != null) {
            noteFollower.unseed(); // its path is not where the players are (a jump): better none
        }
        return beats;
    }

    /**
     * The note follower's position; where the embedding follower is further from it than the refinement's
     * reach and the notes there fit the newest audio better, by the jump margin, for {@link
     * NoteFollowerConfig#switchSteps()} positions running, the note follower moves there.
     */
    private double followed(TrackedPosition position) {
        double bps = pathBeatsPerSecond();
        double own = noteFollower.beats();
        double guess = position.place().scoreBeats();
        if (!(Math.abs(guess - own) > config.radiusSeconds() * Math.max(bps, lastBeatsPerSecond))) {
            outvoted = 0;
            return own + config.latencySeconds() * bps;
        }
        if (guess - own > FAR_OUTVOTE_SECONDS * usualBeatsPerSecond(bps)
                || !fitsBetterThere(aligner, own, guess, bps, lastBeatsPerSecond, config.jumpMargin())
                || guess < own && resumedTheUsualTempo(own, bps)) {
            outvoted = 0;
            return own + config.latencySeconds() * bps;
        }
        if (++outvoted < config.follower().switchSteps()) {
            return own + config.latencySeconds() * bps;
        }
        outvoted = 0;
        return placed(position, true);
    }

    /** {@link #resumedTheUsualTempo(NoteAligner, double, double, double, double, double)} once the usual fit is known. */
    private boolean resumedTheUsualTempo(double own, double pathBeatsPerSecond) {
        return usualFit != null && usualTempo != null && usualFit.samples() >= MIN_FIT_SAMPLES
                && resumedTheUsualTempo(aligner, own, pathBeatsPerSecond, lastBeatsPerSecond, usualTempo.median(),
                        usualFit.median());
    }

    /**
     * Whether the note follower's place looks like the players back at their usual tempo after slow bars, where an
     * outvote back is no sign of a lag: the tempi outvotes are judged at (the path's and the session's, quarter notes
     * per second) are both below {@value #SLOW_SHARE} of the players' usual tempo, and the notes at {@code own}
     * (quarter notes), at the usual tempo, fit the newest audio as well as they usually fit ({@code usualFit}, mean
     * cost per frame). Both tempi lag when the players return to their tempo after slow bars, and judged at them the
     * lagging embedding follower's place fits the fast audio as well as the note follower's right one: in the
     * Waldstein's coda three outvotes back left the session 5–9 beats behind (docs/evaluation.md, seventeenth and
     * twenty-third rounds). A note follower that ran ahead fits badly there and is outvoted as before.
     */
    static boolean resumedTheUsualTempo(NoteAligner aligner, double own, double pathBeatsPerSecond,
            double sessionBeatsPerSecond, double usualBeatsPerSecond, double usualFit) {
        if (!(usualBeatsPerSecond > 0) || !(usualFit > 0)
                || Math.max(pathBeatsPerSecond, sessionBeatsPerSecond) >= SLOW_SHARE * usualBeatsPerSecond) {
            return false;
        }
        return aligner.costNear(own, usualBeatsPerSecond, JUMP_CHECK_RADIUS_SECONDS) <= usualFit;
    }

    /**
     * Below this share of the players' usual tempo, the tempi outvotes are judged at are a slow passage's (on
     * validation 0.7 and 0.85 kept the Waldstein's coda with the players, 0.5 did not).
     */
    static final double SLOW_SHARE = 0.7;

    /**
     * The players' usual tempo, quarter notes per second (the median of the session's over the last minute: a path
     * that lost the players races or stalls, and a follower's leap inflates its own fit), or, without one, the
     * faster of the path's ({@code pathBeatsPerSecond}) and the session's.
     */
    private double usualBeatsPerSecond(double pathBeatsPerSecond) {
        double usual = usualTempo == null ? Double.NaN : usualTempo.median();
        return usual > 0 ? usual : Math.max(pathBeatsPerSecond, lastBeatsPerSecond);
    }

    /**
     * Whether the notes fit the newest audio better at {@code guess} than at {@code own} (quarter notes), by
     * {@code margin} per frame, each place taken at whichever of the two tempi (quarter notes per second) fits
     * it better: the note follower's path's and the session's. At the path's tempo alone, a path that has
     * stalled would judge the embedding follower's place as if the players were holding still there too, and
     * where the music is dense every place held still fits the audio alike badly: the stall could never be
     * outvoted (with the note follower's columns spaced otherwise, an experiment, a Chopin étude stood 40 s at one
     * bar).
     */
    static boolean fitsBetterThere(NoteAligner aligner, double own, double guess, double pathBeatsPerSecond,
            double sessionBeatsPerSecond, double margin) {
        return bestFitNear(aligner, guess, pathBeatsPerSecond, sessionBeatsPerSecond)
                < bestFitNear(aligner, own, pathBeatsPerSecond, sessionBeatsPerSecond) - margin;
    }

    /**
     * How well the notes around {@code beats} fit the newest audio (cost per frame; NaN: no fit), at whichever of the
     * two tempi (quarter notes per second) fits better; the second is tried only if positive and different.
     */
    private static double bestFitNear(NoteAligner aligner, double beats, double pathBeatsPerSecond,
            double sessionBeatsPerSecond) {
        double cost = aligner.costNear(beats, pathBeatsPerSecond, JUMP_CHECK_RADIUS_SECONDS);
        if (sessionBeatsPerSecond > 0 && sessionBeatsPerSecond != pathBeatsPerSecond) {
            cost = lower(cost, aligner.costNear(beats, sessionBeatsPerSecond, JUMP_CHECK_RADIUS_SECONDS));
        }
        return cost;
    }

    /** The note follower's tempo, quarter notes per second; the session's until the path has one. */
    private double pathBeatsPerSecond() {
        return noteFollower.beatsPerSecond() > 0 ? noteFollower.beatsPerSecond() : lastBeatsPerSecond;
    }

    /** The smaller of two costs, a NaN one (no fit) counting as none. */
    private static double lower(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    /**
     * Where the notes place the players when the follower has leapt further ahead than they can have gone since
     * the last refined position (it runs ahead through music it is unsure of, then lands on a look-alike): the
     * best fit over the whole span from where they should be to where it landed, with no pull to either, if
     * it fits clearly better than the landing, else the landing's own refinement; NaN when there was no such
     * leap, or it was a jump the session made on purpose.
     */
    private double acrossLeap(TrackedPosition position, boolean jumped) {
        if (!config.leapSearch() || jumped || !Double.isFinite(lastGoodBeats)) {
            return Double.NaN;
        }
        double expected = lastGoodBeats + lastBeatsPerSecond * (position.frameIndex() - lastRefinedFrame)
                / config.framesPerSecond();
        double landed = position.place().scoreBeats();
        double reach = config.radiusSeconds() * lastBeatsPerSecond;
        if (!(landed - expected > reach)) {
            return Double.NaN; // within the ordinary alignment's reach
        }
        double across = aligner.alignBetween(expected - reach, landed + reach, lastBeatsPerSecond);
        double acrossCost = aligner.lastCostPerFrame();
        double near = aligner.align(landed, lastBeatsPerSecond);
        // where the notes fit nowhere well (music the follower was unsure of for a reason), a best end over a
        // long span is as likely a look-alike as the players: the landing stands unless the span fits clearly
        // better, by the margin a jump needs
        return acrossCost < aligner.lastCostPerFrame() - config.jumpMargin() ? across : near;
    }

    /**
     * Where the players are if the newest audio copies audio they played earlier: where they played it, or, when
     * {@code lost}, the place nearest {@code beats} where the score has that music again; if that is far (more than twice the
     * refinement's reach) from {@code beats}, and the notes there fit better by the far-jump margin or the copy
     * is a {@link #uniqueCopy unique} one; NaN otherwise. Looked for every {@link
     * ReplayConfig#checkEverySeconds()}.
     */
    private double replayed(TrackedPosition position, double beats, boolean lost) {
        long frame = position.frameIndex();
        if (frame - lastReplayCheckFrame < Math.round(config.replay().checkEverySeconds() * config.framesPerSecond())) {
            return Double.NaN;
        }
        lastReplayCheckFrame = frame;
        long copied = replay.find();
        ReplayConfig settings = config.replay();
        double then = copied < 0 ? Double.NaN : replay.markedNear(copied);
        boolean copy = replay.lastCostPerFrame() < settings.maxCostPerFrame()
                && replay.lastCostPerFrame() < settings.distinctRatio() * replay.lastRunnerUpCostPerFrame()
                && Math.abs(then - beats) > 2 * config.radiusSeconds() * lastBeatsPerSecond;
        // the same replay found again must have moved on with the music (within a second's)
        boolean same = copy && Math.abs(then - replayedBeats - lastBeatsPerSecond * (frame - replayedFrame)
                / config.framesPerSecond()) < Math.max(1, lastBeatsPerSecond);
        replayConfirmations = !copy ? 0 : same ? replayConfirmations + 1 : 1;
        if (replayConfirmations == 1) {
            replayFirstBeats = then;
            replayFirstFrame = frame;
        }
        replayedBeats = then;
        replayedFrame = frame;
        if (replayConfirmations < settings.confirmations()) {
            return Double.NaN;
        }
        replayConfirmations = 0;
        // lost, the players have gone on from where they were last placed: music the score has more than once (a
        // written repeat) is then at whichever of its places is nearest there (taking the repeat, its later
        // playing). Followed, the copy's own place stands: a restart that goes back into music that recurs near
        // where they were thought to be would otherwise be taken for them being there
        double spanBeats = config.replay().querySeconds() * lastBeatsPerSecond;
        double copiedBeats = then;
        if (lost) {
            then += notes.nearestRecurrenceShift(then - spanBeats, then, beats, RECUR_TOLERANCE_BEATS);
        }
        if (!(Math.abs(then - beats) > 2 * config.radiusSeconds() * lastBeatsPerSecond)) {
            return Double.NaN; // they are where they are thought to be
        }
        if (!lost && samePlaceOnThePage(then, beats)) {
            // the copy is an earlier playing of the very bars the players are thought to be in: a written repeat
            // played as written, not a replay (a repeat taken once more is found where the played order branches)
            return Double.NaN;
        }
        // unlike a jump's check, one that cannot be judged (no tempo yet) is no: nothing else asks for this move
        double here = aligner.costNear(beats, lastBeatsPerSecond, JUMP_CHECK_RADIUS_SECONDS);
        double there = aligner.costNear(then, lastBeatsPerSecond, JUMP_CHECK_RADIUS_SECONDS);
        double to = track.positionAtBeats(then);
        if (!Double.isFinite(to) || !(there < here - config.farJumpMargin()) && !uniqueCopy(copiedBeats, frame)) {
            return Double.NaN;
        }
        if (noteFollower != null) {
            // the first playing's position is more exact than the re-seeded follower's guess will be: the note
            // follower goes there now, and the session's coming jump does not move it again
            noteFollower.seed(then, lastBeatsPerSecond);
            placedByReplay = true;
        }
        return to;
    }

    /**
     * Whether two unfolded positions are the same place in the written score (two playings of a repeated bar),
     * to within the refinement's reach.
     */
    private boolean samePlaceOnThePage(double beats, double otherBeats) {
        double a = track.writtenBeats(track.positionAtBeats(beats));
        double b = track.writtenBeats(track.positionAtBeats(otherBeats));
        return Math.abs(a - b) <= 2 * config.radiusSeconds() * lastBeatsPerSecond;
    }

    /**
     * Whether the replay found at {@code thenBeats} now is a near-exact copy ({@link
     * ReplayConfig#uniqueCostPerFrame()}) of music that the score has nowhere else, and that moved on with the
     * music while it was looked for (a held chord copies any other holding of it). Then the players cannot be
     * anywhere but there again, whatever the notes say (in some renderings they fit the audio no better at the
     * right place than at a wrong one). Where the score has that music again (a written repeat, a returning
     * theme), the other playing may be where they are, and the notes must tell; so must they where the copy holds
     * fewer than {@link #MIN_UNIQUE_NOTES} struck notes.
     */
    private boolean uniqueCopy(double thenBeats, long frame) {
        double seconds = (frame - replayFirstFrame) / (double) config.framesPerSecond();
        if (!(replay.lastCostPerFrame() < config.replay().uniqueCostPerFrame()) || !(seconds > 0)
                || !(thenBeats - replayFirstBeats >= MIN_REPLAY_PACE * lastBeatsPerSecond * seconds)) {
            return false;
        }
        double fromBeats = replayFirstBeats - config.replay().querySeconds() * lastBeatsPerSecond;
        return notes.struckBetween(fromBeats, thenBeats) >= MIN_UNIQUE_NOTES
                && !notes.recursElsewhere(fromBeats, thenBeats, RECUR_TOLERANCE_BEATS);
    }

    /**
     * Where the players are if they took another way where the played order branches ({@link RepeatJunctions}),
     * as a track position; NaN otherwise. The note follower goes there at once, as for a replay.
     */
    private double branched(double beats, long frame, boolean walking) {
        double found = junctions.check(aligner, beats, lastBeatsPerSecond, frame, walking);
        double to = Double.isFinite(found) ? track.positionAtBeats(found) : Double.NaN;
        if (!Double.isFinite(to)) {
            return Double.NaN;
        }
        if (noteFollower != null) {
            noteFollower.seed(found, lastBeatsPerSecond);
            placedByReplay = true;
        }
        return to;
    }

    /** See {@link Evidence#relocation()}. */
    @Override
    public double relocation() {
        double r = relocation;
        relocation = Double.NaN;
        return r;
    }

    /** See {@link Evidence#jumped()}: the next position is not measured against the last refined one. */
    @Override
    public void jumped() {
        jumpedSinceRefined = true;
        if (junctions != null) {
            junctions.reset();
        }
    }

    /**
     * Allows a jump within this piece only if the notes at its target fit the newest audio better, by
     * {@link NoteAlignerConfig#jumpMargin()} per frame ({@link NoteAlignerConfig#farJumpMargin()} for a far
     * jump), than the notes where the players are thought to be:
     * a look-alike passage (a returning theme, a da capo) that fits no better is no reason to jump. Jumps it
     * cannot judge (another piece, no notes, no tempo yet, too little audio) are allowed.
     */
    @Override
    public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
        if (!pieceId.equals(track.pieceId()) || !track.hasBars() || !(lastBeatsPerSecond > 0)) {
            return true;
        }
        double here = aligner.costNear(track.scoreBeats(fromTrackPosition), lastBeatsPerSecond,
                JUMP_CHECK_RADIUS_SECONDS);
        double there = aligner.costNear(track.scoreBeats(toTrackPosition), lastBeatsPerSecond,
                JUMP_CHECK_RADIUS_SECONDS);
        return !(there >= here - (far ? config.farJumpMargin() : config.jumpMargin()));
    }

    /**
     * The previous refined position instead of {@code beats} when {@code beats} lies a little behind it: the
     * players do not go back a little, the alignment wavers (without this a displayed cursor steps back on
     * about one position in ten).
     */
    private double held(double beats, long frameIndex) {
        boolean recent = Double.isFinite(lastRefinedBeats) && frameIndex - lastRefinedFrame <= HOLD_FRAMES;
        double behind = lastRefinedBeats - beats;
        if (recent && behind > 0 && behind < config.holdBackSeconds() * lastBeatsPerSecond) {
            beats = lastRefinedBeats;
        }
        lastRefinedBeats = beats;
        lastRefinedFrame = frameIndex;
        return beats;
    }
}
