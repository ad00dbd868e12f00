package org.leggio.score;

/**
 * A score could not be ingested: the input is not a score Leggio can read (a PDF with no staff, an
 * encrypted or corrupt PDF, an image above the pixel limit, MusicXML that Verovio rejects), or a
 * tool it needs is missing (Node.js). The message names the input and what was wrong, in words a
 * user can act on; the cause, when there is one, is kept.
 */
public class ScoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScoreException(String message) {
        super(message);
    }

    public ScoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
