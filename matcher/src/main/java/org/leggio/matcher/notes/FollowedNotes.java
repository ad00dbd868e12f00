package org.leggio.matcher.notes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.session.Evidence;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;

/**
 * The notes' {@link Evidence} for a session over a library: a {@link NoteRefiner} for whichever piece the
 * session follows, when that piece's notes are known, started when the session comes to the piece (an
 * identification, a jump into another piece) and dropped when it leaves it. Without a refiner it is {@link
 * Evidence#NONE}'s answers.
 *
 * <p>It also looks for the players in the library's other pieces by their notes ({@link OtherPieceSearch}, the
 * pieces identification votes for), and tells the session through {@link #otherPiece}.
 *
 * <p>Lifecycle per embedding: {@link #pushFrame} the spectrogram frames up to the embedding's own frame, then
 * the session's step (which asks this evidence), then {@link #follow} with the piece of the position reported.
 * A refiner started mid-session has heard only the frames pushed since; it refines once it has heard half a
 * second. Not thread-safe: one per session.
 */
public final class FollowedNotes implements Evidence {
    /** The tempo the engraving times a score with none marked at: Verovio's default, 120 quarter notes a minute. */
    static final double DEFAULT_BEATS_PER_SECOND = 2;
    /** Candidates' notes kept between looks, at most this many pieces. */
    private static final int KEPT_CANDIDATES = 16;
    private final PieceLibrary library;
    private final Function<String, ScoreNotes> notesOf;
    private final BandChroma chroma;
    private final NoteAlignerConfig config;
    private final OtherPieceConfig otherConfig;
    private NoteRefiner refiner;
    /** The newest spectrogram frames, which a refiner started mid-session hears first (a ring). */
    private final float[][] recentBands;
    private long framesPushed;
    /** Looks for the players in other pieces (null: not looked for). */
    private final OtherPieceSearch search;
    private final Map<String, OtherPieceSearch.Candidate> candidates = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OtherPieceSearch.Candidate> eldest) {
            return size() > KEPT_CANDIDATES;
        }
    };
    /** Pieces' median notated tempi, quarter notes per second (NaN: unknown), as searched so far. */
    private final Map<String, Double> notatedTempi = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > KEPT_CANDIDATES;
        }
    };
    private TrackedPosition lastRefined;
    /**
     * The piece the notes last found the players in (null: none since), whose refiner, when the session comes to
     * it, first hears the newest frames: it places them where the notes found them. After a change of piece by
     * identification the same frames (the piece before, mostly) measured worse on validation, so a refiner started
     * there hears only what comes next.
     */
    private String foundPieceId;

    /** As the full constructor, with {@link OtherPieceConfig#defaults()}. */
    public FollowedNotes(PieceLibrary library, Function<String, ScoreNotes> notesOf, BandChroma chroma,
            NoteAlignerConfig config) {
        this(library, notesOf, chroma, config, OtherPieceConfig.defaults());
    }

    /**
     * @param notesOf the played notes of a piece of the library by id (null or empty: none known, its positions
     *     pass unrefined)
     * @param otherPiece the search for the players in another piece of the library by the notes
     */
    public FollowedNotes(PieceLibrary library, Function<String, ScoreNotes> notesOf, BandChroma chroma,
            NoteAlignerConfig config, OtherPieceConfig otherPiece) {
        this.library = Objects.requireNonNull(library, "library");
        this.notesOf = Objects.requireNonNull(notesOf, "notesOf");
        this.chroma = Objects.requireNonNull(chroma, "chroma");
        this.config = Objects.requireNonNull(config, "config");
        this.otherConfig = Objects.requireNonNull(otherPiece, "otherPiece");
        this.search = otherPiece.enabled() && library.size() > 1
                ? new OtherPieceSearch(otherPiece, config.framesPerSecond()) : null;
        this.recentBands = new float[search == null ? 0 : config.audioFrames()][];
    }

    /** With the notes each score of the library carries ({@code ScoreIndex.notes}). */
    public static FollowedNotes ofLibrary(PieceLibrary library, BandChroma chroma, NoteAlignerConfig config) {
        return ofLibrary(library, chroma, config, OtherPieceConfig.defaults());
    }

    /** As {@link #ofLibrary(PieceLibrary, BandChroma, NoteAlignerConfig)}, with another piece searched so. */
    public static FollowedNotes ofLibrary(PieceLibrary library, BandChroma chroma, NoteAlignerConfig config,
            OtherPieceConfig otherPiece) {
        return new FollowedNotes(library, id -> library.ordinalOf(id)
                .map(ordinal -> library.piece(ordinal).getNotes())
                .filter(notes -> notes.getOnsetBeatsCount() > 0)
                .map(ScoreNotes::of)
                .orElse(null), chroma, config, otherPiece);
    }

    /**
     * Keeps or starts the refiner for {@code pieceId}, the piece the session now follows ("" while it
     * identifies: the refiner, if any, is kept, as the session may come back to it); a piece with no notes
     * known has none. A refiner started for the piece the notes found the players in ({@link #otherPiece}) first
     * hears the newest frames already pushed (up to its aligner's span), so that it refines at once.
     */
    public void follow(String pieceId) {
        if (pieceId.isEmpty() || refiner != null && refiner.pieceId().equals(pieceId)) {
            return;
        }
        refiner = null;
        lastRefined = null;
        String primed = foundPieceId;
        foundPieceId = null;
        if (search != null) {
            search.forgetFits();
        }
        library.ordinalOf(pieceId).ifPresent(ordinal -> {
            ScoreNotes notes = notesOf.apply(pieceId);
            if (notes != null && !notes.isEmpty()) {
                refiner = new NoteRefiner(library.track(ordinal), notes, chroma, config);
                if (!pieceId.equals(primed)) {
                    return;
                }
                long first = Math.max(0, framesPushed - recentBands.length);
                for (long f = first; f < framesPushed; f++) {
                    refiner.pushFrame(recentBands[(int) (f % recentBands.length)]);
                }
            }
        });
    }

    /**
     * Adds the next spectrogram frame ({@link #bandCount()} values) for the refiner, if there is one, and, when
     * other pieces are searched, to the newest frames kept for the refiner of a piece found.
     */
    public void pushFrame(float[] bands) {
        if (search != null) {
            keep(bands);
        }
        if (refiner != null) {
            refiner.pushFrame(bands);
        }
    }

    /** Whether {@link #pushFrame} has any use now: a refiner, or other pieces searched. */
    public boolean wantsFrames() {
        return refiner != null || search != null;
    }

    private void keep(float[] bands) {
        if (bands.length != chroma.bandCount()) {
            throw new IllegalArgumentException("spectrogram frame has " + bands.length + " bands, expected "
                    + chroma.bandCount());
        }
        int slot = (int) (framesPushed % recentBands.length);
        if (recentBands[slot] == null) {
            recentBands[slot] = new float[bands.length];
        }
        System.arraycopy(bands, 0, recentBands[slot], 0, bands.length);
        framesPushed++;
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
        if (search != null) {
            search.reset();
        }
    }

    @Override
    public TrackedPosition refine(TrackedPosition position) {
        if (refiner == null) {
            return position;
        }
        TrackedPosition refined = refiner.refine(position);
        lastRefined = refined;
        return refined;
    }

    @Override
    public double relocation() {
        return refiner == null ? Double.NaN : refiner.relocation();
    }

    /**
     * By the notes of the piece, around that place ({@link OtherPieceSearch#tempoAround}); NaN without another piece
     * searched (a library of one piece), the newest audio (no refiner), or the piece's notes.
     */
    @Override
    public double tempoIn(int pieceOrdinal, double matchedTrackPosition, double lookbackSeconds) {
        OtherPieceSearch.Candidate piece = searchable(pieceOrdinal);
        return piece == null ? Double.NaN : search.tempoAround(refiner.aligner(), piece,
                library.track(pieceOrdinal).scoreBeats(matchedTrackPosition), lookbackSeconds);
    }

    /**
     * By the notes around identification's place ({@link OtherPieceSearch#confirmAround}); null without another
     * piece searched, a refiner, the piece's notes, or a tempo in the followed piece. A piece confirmed is one the
     * notes found the players in: its refiner first hears the newest frames.
     */
    @Override
    public OtherPiece confirmOtherPiece(int pieceOrdinal, double matchedTrackPosition, double lookbackSeconds) {
        OtherPieceSearch.Candidate piece = searchable(pieceOrdinal);
        TrackedPosition at = lastRefined;
        if (piece == null || at == null) {
            return null;
        }
        ScoreTrack track = library.track(pieceOrdinal);
        OtherPieceSearch.Found found = search.confirmAround(refiner.aligner(), piece,
                track.scoreBeats(matchedTrackPosition), lookbackSeconds, at.tempoBpm() / 60,
                notatedTempo(refiner.pieceId()));
        double position = found == null ? Double.NaN : track.positionAtBeats(found.beats());
        if (!Double.isFinite(position)) {
            return null;
        }
        foundPieceId = library.piece(pieceOrdinal).getPieceId();
        return new OtherPiece(pieceOrdinal, position, found.beatsPerSecond(), found.margin());
    }

    /**
     * A piece as the notes can place the players in it on identification's word: its search candidate, when other
     * pieces are searched, there is newest audio (a refiner), and the piece has bars and notes; else null.
     */
    private OtherPieceSearch.Candidate searchable(int pieceOrdinal) {
        if (search == null || refiner == null || !library.track(pieceOrdinal).hasBars()) {
            return null;
        }
        return candidate(pieceOrdinal, library.piece(pieceOrdinal).getPieceId());
    }

    @Override
    public OtherPiece otherPiece(Supplier<int[]> candidates) {
        TrackedPosition at = lastRefined;
        if (search == null || refiner == null || at == null || at.place() == null
                || !at.pieceId().equals(refiner.pieceId()) || at.state() == SessionState.IDLE
                || !search.due(refiner.framesPushed())) {
            return null;
        }
        if (!refiner.audible()) {
            search.reset(); // a pause is no piece
            return null;
        }
        List<OtherPieceSearch.Candidate> searched = new ArrayList<>();
        for (int ordinal : candidates.get()) {
            String id = library.piece(ordinal).getPieceId();
            if (searched.size() < otherConfig.candidates() && !id.equals(refiner.pieceId())) {
                OtherPieceSearch.Candidate c = candidate(ordinal, id);
                if (c != null) {
                    searched.add(c);
                }
            }
        }
        OtherPieceSearch.Found found = search.look(refiner.aligner(), at.place().scoreBeats(), at.tempoBpm() / 60,
                notatedTempo(refiner.pieceId()), at.tempoRelative(), searched);
        if (found == null) {
            return null;
        }
        double position = library.track(found.ordinal()).positionAtBeats(found.beats());
        if (!Double.isFinite(position)) {
            return null;
        }
        foundPieceId = library.piece(found.ordinal()).getPieceId();
        return new OtherPiece(found.ordinal(), position, found.beatsPerSecond(), found.margin());
    }

    /** A piece's median notated tempo, quarter notes per second (NaN: unknown), kept for the next looks. */
    private double notatedTempo(String pieceId) {
        return notatedTempi.computeIfAbsent(pieceId, id -> library.ordinalOf(id)
                .map(ordinal -> medianNotatedTempo(library.track(ordinal))).orElse(Double.NaN));
    }

    /** A piece's notes as a search candidate (null: none known), kept for the next looks. */
    private OtherPieceSearch.Candidate candidate(int ordinal, String pieceId) {
        if (candidates.containsKey(pieceId)) {
            return candidates.get(pieceId);
        }
        ScoreNotes notes = notesOf.apply(pieceId);
        OtherPieceSearch.Candidate c = notes == null || notes.isEmpty() || !library.track(ordinal).hasBars() ? null
                : new OtherPieceSearch.Candidate(ordinal, new NoteTemplate(notes, config),
                        medianNotatedTempo(library.track(ordinal)), tempoMarked(library.track(ordinal)));
        candidates.put(pieceId, c);
        return c;
    }

    /**
     * Whether a track's score marks a tempo: some bar's notated tempo known and other than {@link
     * #DEFAULT_BEATS_PER_SECOND}, which is what the engraving's timing assumes where a score marks none (the ASAP
     * corpus's Bach scores mark none, and every bar of theirs comes out at exactly that).
     */
    static boolean tempoMarked(ScoreTrack track) {
        for (int position = 0; position < track.length(); position++) {
            double tempo = track.notatedBeatsPerSecond(position);
            if (tempo > 0 && !Double.isInfinite(tempo) && Math.abs(tempo - DEFAULT_BEATS_PER_SECOND) > 1e-6) {
                return true;
            }
        }
        return false;
    }

    /** The median notated tempo along a track, quarter notes per second (NaN: none). */
    static double medianNotatedTempo(ScoreTrack track) {
        double[] tempi = new double[track.length()];
        int n = 0;
        for (int position = 0; position < track.length(); position++) {
            double tempo = track.notatedBeatsPerSecond(position);
            if (tempo > 0 && !Double.isInfinite(tempo)) {
                tempi[n++] = tempo;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(tempi, 0, n);
        return tempi[n / 2];
    }
}
