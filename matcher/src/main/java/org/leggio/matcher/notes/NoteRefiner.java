package org.leggio.matcher.notes;

import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;

/**
 * Refines a session's positions in one piece with its notes: feed every spectrogram frame to {@link
 * #pushFrame}, and pass each position the session reports through {@link #refine}. A following position
 * is moved to where the {@link NoteAligner} places the newest audio; anything else (idle, lost, another
 * piece, a score without bars) passes unchanged. Page turns stay the session's: they are decided on the
 * embedding follower's positions, which this does not change.
 *
 * <p>Strictly causal: a position is refined with the frames pushed so far, which the caller keeps up to
 * the position's own frame. Not thread-safe: one per session and piece.
 */
public final class NoteRefiner {
    private final ScoreTrack track;
    private final NoteAligner aligner;

    public NoteRefiner(ScoreTrack track, ScoreNotes notes, BandChroma chroma, NoteAlignerConfig config) {
        this.track = track;
        this.aligner = new NoteAligner(notes, chroma, config);
    }

    /** The piece this refiner knows the notes of. */
    public String pieceId() {
        return track.pieceId();
    }

    /** Adds the next spectrogram frame; see {@link NoteAligner#pushFrame(float[])}. */
    public void pushFrame(float[] bands) {
        aligner.pushFrame(bands);
    }

    /** Frames pushed so far. */
    public long framesPushed() {
        return aligner.framesPushed();
    }

    /**
     * The position with its place moved to the note-level alignment; unchanged when it is not following
     * this piece, has no score beat or tempo, or the alignment finds nothing.
     */
    public TrackedPosition refine(TrackedPosition position) {
        if (position.state() != SessionState.FOLLOWING || position.place() == null
                || !position.pieceId().equals(track.pieceId()) || !track.hasBars()) {
            return position;
        }
        double beats = aligner.align(position.place().scoreBeats(), position.tempoBpm() / 60);
        if (!Double.isFinite(beats)) {
            return position;
        }
        double trackPosition = track.positionAtBeats(beats);
        if (!Double.isFinite(trackPosition)) {
            return position;
        }
        return new TrackedPosition(position.frameIndex(), position.state(), position.pieceId(),
                track.locate(trackPosition), trackPosition, position.tempoStripPxPerSecond(), position.tempoBpm(),
                position.tempoRelative(), position.confidence(), position.evidence());
    }
}
