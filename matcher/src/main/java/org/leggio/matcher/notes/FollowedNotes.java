package org.leggio.matcher.notes;

import java.util.Objects;
import java.util.function.Function;
import org.leggio.matcher.session.Evidence;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.TrackedPosition;

/**
 * The notes' {@link Evidence} for a session over a library: a {@link NoteRefiner} for whichever piece the
 * session follows, when that piece's notes are known, started when the session comes to the piece (an
 * identification, a jump into another piece) and dropped when it leaves it. Without a refiner it is {@link
 * Evidence#NONE}'s answers.
 *
 * <p>Lifecycle per embedding: {@link #pushFrame} the spectrogram frames up to the embedding's own frame, then
 * the session's step (which asks this evidence), then {@link #follow} with the piece of the position reported.
 * A refiner started mid-session has heard only the frames pushed since; it refines once it has heard half a
 * second. Not thread-safe: one per session.
 */
public final class FollowedNotes implements Evidence {
    private final PieceLibrary library;
    private final Function<String, ScoreNotes> notesOf;
    private final BandChroma chroma;
    private final NoteAlignerConfig config;
    private NoteRefiner refiner;

    /**
     * @param notesOf the played notes of a piece of the library by id (null or empty: none known, its positions
     *     pass unrefined)
     */
    public FollowedNotes(PieceLibrary library, Function<String, ScoreNotes> notesOf, BandChroma chroma,
            NoteAlignerConfig config) {
        this.library = Objects.requireNonNull(library, "library");
        this.notesOf = Objects.requireNonNull(notesOf, "notesOf");
        this.chroma = Objects.requireNonNull(chroma, "chroma");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** With the notes each score of the library carries ({@code ScoreIndex.notes}). */
    public static FollowedNotes ofLibrary(PieceLibrary library, BandChroma chroma, NoteAlignerConfig config) {
        return new FollowedNotes(library, id -> library.ordinalOf(id)
                .map(ordinal -> library.piece(ordinal).getNotes())
                .filter(notes -> notes.getOnsetBeatsCount() > 0)
                .map(ScoreNotes::of)
                .orElse(null), chroma, config);
    }

    /**
     * Keeps or starts the refiner for {@code pieceId}, the piece the session now follows ("" while it
     * identifies: the refiner, if any, is kept, as the session may come back to it); a piece with no notes
     * known has none.
     */
    public void follow(String pieceId) {
        if (pieceId.isEmpty() || refiner != null && refiner.pieceId().equals(pieceId)) {
            return;
        }
        refiner = null;
        library.ordinalOf(pieceId).ifPresent(ordinal -> {
            ScoreNotes notes = notesOf.apply(pieceId);
            if (notes != null && !notes.isEmpty()) {
                refiner = new NoteRefiner(library.track(ordinal), notes, chroma, config);
            }
        });
    }

    /** Adds the next spectrogram frame ({@link #bandCount()} values) for the refiner, if there is one. */
    public void pushFrame(float[] bands) {
        if (refiner != null) {
            refiner.pushFrame(bands);
        }
    }

    /** Whether there is a refiner (a followed piece whose notes are known). */
    public boolean active() {
        return refiner != null;
    }

    /** The piece refined ("" when none). */
    public String pieceId() {
        return refiner == null ? "" : refiner.pieceId();
    }

    /** Bands a spectrogram frame must have. */
    public int bandCount() {
        return chroma.bandCount();
    }

    @Override
    public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
        return refiner == null || refiner.allows(pieceId, fromTrackPosition, toTrackPosition, far);
    }

    @Override
    public void jumped() {
        if (refiner != null) {
            refiner.jumped();
        }
    }

    @Override
    public TrackedPosition refine(TrackedPosition position) {
        return refiner == null ? position : refiner.refine(position);
    }

    @Override
    public double relocation() {
        return refiner == null ? Double.NaN : refiner.relocation();
    }
}
