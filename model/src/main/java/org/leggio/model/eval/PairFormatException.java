package org.leggio.model.eval;

import java.io.IOException;

/**
 * A pair-set directory (see {@link PairSet}) that breaks the format: a missing file, an unknown
 * format version, a shape or count mismatch, a NaN. The message starts with the offending file's
 * path.
 */
public class PairFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public PairFormatException(String message) {
        super(message);
    }

    public PairFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
