package org.leggio.model.eval;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one audio–sheet pair comes from: one row of {@code pairs.csv} (see {@link PairSet}).
 *
 * @param pieceId the piece, e.g. an MSMD piece name; 1–200 characters of {@code
 *     [A-Za-z0-9._:()'+-]} and spaces are not allowed, so it needs no CSV quoting
 * @param stripXPx centre column of the sheet snippet in the piece's unrolled strip, px (≥ 0)
 * @param onsetFrame frame at the centre of the audio window in the performance's spectrogram (20
 *     fps, ≥ 0); the window covers frames {@code [onsetFrame − T/2, onsetFrame − T/2 + T)}
 * @param performanceId the rendering or recording of the piece the audio comes from (same
 *     alphabet as {@code pieceId}), e.g. {@code ydp_tempo1.0}
 */
public record PairInfo(String pieceId, int stripXPx, int onsetFrame, String performanceId) {
    /** The id alphabet: CSV- and file-name-safe. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:()'+-]{1,200}");
    private static final String ALPHABET = "[A-Za-z0-9._:()'+-]";

    /** Checks every field; see the record description. */
    public PairInfo {
        checkId(pieceId, "pieceId");
        checkId(performanceId, "performanceId");
        if (stripXPx < 0) {
            throw new IllegalArgumentException("stripXPx must be >= 0 but was " + stripXPx);
        }
        if (onsetFrame < 0) {
            throw new IllegalArgumentException("onsetFrame must be >= 0 but was " + onsetFrame);
        }
    }

    private static void checkId(String id, String name) {
        Objects.requireNonNull(id, name + " can't be null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(name + " must be 1-200 characters of " + ALPHABET + " but was '" + id + "'");
        }
    }
}
