package org.leggio.matcher.stream;

import java.time.Duration;
import java.util.Objects;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.notes.BandChroma;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.session.SessionConfig;

/**
 * Settings of the streaming matcher. Immutable and validated.
 *
 * @param session how each session identifies and follows (its follower config fixes the embedding rate)
 * @param modelId the model the audio embeddings and the scores must come from; pieces and embeddings of
 *     other models are left out and reported (empty: the model of the first piece in the catalog)
 * @param silenceThreshold an embedding whose {@code recent_log_magnitude} is at or below this is silence:
 *     the position holds and the tempo does not count it (0.05: digital silence is 0, played piano music
 *     around 0.3-1.2; see {@code org.leggio.ingest.Loudness})
 * @param idleExpiry a session with no input for this long is forgotten
 * @param candidates how many candidates an identification lists
 * @param noteChroma how the front end's bands fold onto pitch classes, for the note-level refinement of
 *     pieces whose notes are known (null: positions are not refined)
 * @param notes the note-level refinement's settings
 */
public record MatcherStreamConfig(SessionConfig session, String modelId, double silenceThreshold,
        Duration idleExpiry, int candidates, BandChroma noteChroma, NoteAlignerConfig notes) {

    /**
     * Silence threshold on the loudest band of the log spectrogram, averaged over the window's last 0.5 s
     * ({@code org.leggio.ingest.Loudness}).
     */
    public static final double DEFAULT_SILENCE_THRESHOLD = 0.05;

    public MatcherStreamConfig {
        Objects.requireNonNull(session, "session can't be null");
        modelId = modelId == null ? "" : modelId;
        Objects.requireNonNull(idleExpiry, "idleExpiry can't be null");
        if (!(silenceThreshold >= 0)) {
            throw new IllegalArgumentException("silenceThreshold must be >= 0, got " + silenceThreshold);
        }
        if (idleExpiry.isNegative() || idleExpiry.isZero()) {
            throw new IllegalArgumentException("idleExpiry must be positive, got " + idleExpiry);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
        Objects.requireNonNull(notes, "notes can't be null");
    }

    /** Settings without note-level refinement. */
    public MatcherStreamConfig(SessionConfig session, String modelId, double silenceThreshold, Duration idleExpiry,
            int candidates) {
        this(session, modelId, silenceThreshold, idleExpiry, candidates, null, NoteAlignerConfig.defaults());
    }

    /**
     * Defaults for a model with a centred window of {@code windowFrames} frames and one embedding every
     * {@code hopFrames} frames (84 and 2 for Leggio's default model).
     */
    public static MatcherStreamConfig defaults(String modelId, int windowFrames, int hopFrames) {
        return new MatcherStreamConfig(SessionConfig.defaults(FollowerConfig.centred(windowFrames, hopFrames)), modelId,
                DEFAULT_SILENCE_THRESHOLD, Duration.ofMinutes(30), 5);
    }

    public MatcherStreamConfig withIdleExpiry(Duration expiry) {
        return new MatcherStreamConfig(session, modelId, silenceThreshold, expiry, candidates, noteChroma, notes);
    }

    public MatcherStreamConfig withSession(SessionConfig newSession) {
        return new MatcherStreamConfig(newSession, modelId, silenceThreshold, idleExpiry, candidates, noteChroma,
                notes);
    }

    /**
     * With note-level refinement: positions in a piece whose notes the library holds are refined with the
     * spectrogram frames the embeddings carry ({@code AudioEmbedding.recent_frames}), and jumps within it
     * must fit the notes better.
     */
    public MatcherStreamConfig withNotes(BandChroma chroma, NoteAlignerConfig settings) {
        return new MatcherStreamConfig(session, modelId, silenceThreshold, idleExpiry, candidates,
                Objects.requireNonNull(chroma, "chroma can't be null"), settings);
    }

    /** Without note-level refinement: positions come from the embeddings alone. */
    public MatcherStreamConfig withoutNotes() {
        return new MatcherStreamConfig(session, modelId, silenceThreshold, idleExpiry, candidates, null, notes);
    }
}
