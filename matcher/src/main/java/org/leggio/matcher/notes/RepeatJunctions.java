package org.leggio.matcher.notes;

import java.util.ArrayList;
import java.util.List;
import org.leggio.matcher.follow.ScoreTrack;

/**
 * Which way the players went where the score's played order branches ({@link ScoreTrack.Junction}): the
 * follower walks the repeat-unfolded score, but players skip repeats, take one once more, or go on where a
 * first ending was written. For {@link RepeatConfig#maxSeconds()} after the players reached a branch point (or
 * would have, at their tempo, once they came within a second of it),
 * every {@link RepeatConfig#checkEverySeconds()} the notes of each other branch — its start moved on by the
 * time since, at the players' tempo — are fitted to the newest audio against the notes where the players are
 * thought to be; when another branch fits better by {@link RepeatConfig#margin()} on {@link
 * RepeatConfig#confirmations()} checks running, the players are there.
 *
 * <p>Both branches are preceded by the same written bar, so the newest audio, which may still hold the music
 * before the branch point, fits both alike there; only what was played since tells them apart, seconds
 * before identification can (its embeddings are 4 s long and a far jump needs more evidence). Not
 * thread-safe: one per refiner.
 */
final class RepeatJunctions {
    /** A branch point is noted when the players come this close before it, seconds of music. */
    private static final double AHEAD_SECONDS = 1;
    /** Positions further apart than this, seconds of music, are a jump: no branch point was walked past. */
    private static final double MAX_WALK_SECONDS = 2;

    /**
     * A branch point noted, with when the players reach it. The branches are placed at the tempo of each check,
     * not the one when it was noted: where the follower stalls the session's tempo sinks, and on validation the
     * tempo then found the players sooner (Beethoven 18-4, KOLESO06M 7.5 s against 10.7 s, ChenGuang06M 21.1 s
     * against 28.6 s).
     */
    private record Reached(ScoreTrack.Junction junction, long frame) {}

    private final List<ScoreTrack.Junction> junctions;
    private final RepeatConfig config;
    private final int framesPerSecond;
    private final List<Reached> reached = new ArrayList<>();
    private double lastBeats = Double.NaN;
    private long lastCheckFrame = Long.MIN_VALUE / 2;
    private ScoreTrack.Junction pending;
    private int streak;

    RepeatJunctions(List<ScoreTrack.Junction> junctions, RepeatConfig config, int framesPerSecond) {
        this.junctions = List.copyOf(junctions);
        this.config = config;
        this.framesPerSecond = framesPerSecond;
    }

    /** Forgets the branch points reached (the session moved the players on purpose). */
    void reset() {
        reached.clear();
        lastBeats = Double.NaN;
        pending = null;
        streak = 0;
    }

    /**
     * Notes where the players are and checks the branches reached.
     *
     * @param aligner the piece's aligner, holding the newest audio
     * @param beats where the players are thought to be now, unfolded quarter notes
     * @param beatsPerSecond their tempo
     * @param frame the newest frame
     * @param walking whether {@code beats} is a position walked to (following), not one held (lost)
     * @return where the players are instead, unfolded quarter notes, once confirmed; else NaN
     */
    double check(NoteAligner aligner, double beats, double beatsPerSecond, long frame, boolean walking) {
        if (!(beatsPerSecond > 0) || Double.isInfinite(beatsPerSecond) || !Double.isFinite(beats)) {
            return Double.NaN;
        }
        if (walking) {
            noteReached(beats, beatsPerSecond, frame);
        }
        reached.removeIf(r -> frame - r.frame() > config.maxSeconds() * framesPerSecond);
        if (reached.isEmpty() || frame - lastCheckFrame < Math.round(config.checkEverySeconds() * framesPerSecond)) {
            return Double.NaN;
        }
        lastCheckFrame = frame;
        double here = Double.NaN;
        ScoreTrack.Junction best = null;
        double bestThere = Double.POSITIVE_INFINITY;
        double bestBeats = Double.NaN;
        for (Reached r : reached) {
            double seconds = (frame - r.frame()) / (double) framesPerSecond;
            if (seconds < config.minSeconds()) {
                continue;
            }
            if (Double.isNaN(here)) {
                here = aligner.costNear(beats, beatsPerSecond, NoteRefiner.JUMP_CHECK_RADIUS_SECONDS);
            }
            double branchBeats = r.junction().toBeats() + seconds * beatsPerSecond;
            double there = aligner.costNear(branchBeats, beatsPerSecond, NoteRefiner.JUMP_CHECK_RADIUS_SECONDS);
            if (there < bestThere) {
                bestThere = there;
                best = r.junction();
                bestBeats = branchBeats;
            }
        }
        if (best == null || !(bestThere < here - config.margin())) {
            streak = 0;
            pending = null;
            return Double.NaN;
        }
        streak = best.equals(pending) ? streak + 1 : 1;
        pending = best;
        if (streak < config.confirmations()) {
            return Double.NaN;
        }
        reset();
        return bestBeats;
    }

    /**
     * Remembers each branch point the players come within {@link #AHEAD_SECONDS} of, with when they reach it at
     * their tempo: where they took the other way, the notes after the branch point do not fit, and the position
     * walked to stalls just before it.
     */
    private void noteReached(double beats, double beatsPerSecond, long frame) {
        double ahead = AHEAD_SECONDS * beatsPerSecond;
        if (Double.isFinite(lastBeats) && beats > lastBeats && beats - lastBeats < MAX_WALK_SECONDS * beatsPerSecond) {
            for (ScoreTrack.Junction j : junctions) {
                double at = j.atBeats() - ahead;
                if (at > lastBeats && at <= beats) {
                    long when = frame + Math.round((j.atBeats() - beats) / beatsPerSecond * framesPerSecond);
                    reached.add(new Reached(j, when));
                }
            }
        }
        if (!Double.isFinite(lastBeats) || beats > lastBeats || lastBeats - beats > MAX_WALK_SECONDS * beatsPerSecond) {
            lastBeats = beats;
        }
    }

}
