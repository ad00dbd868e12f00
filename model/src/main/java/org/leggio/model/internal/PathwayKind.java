package org.leggio.model.internal;

/** Which pathway of the network. */
public enum PathwayKind {
    /** Sheet snippets, ucasr {@code x_net}. */
    SHEET,
    /** Audio windows, ucasr {@code y_net}. */
    AUDIO
}
