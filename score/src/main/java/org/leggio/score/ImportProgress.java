package org.leggio.score;

/** Progress of one import, for a progress bar. Called on the importing thread or a render thread. */
public interface ImportProgress {
    /** Pages read, engraved or rendered so far. */
    default void pageDone(int pagesDone, int pageCount) {}

    /** Snippets embedded so far, over both grids. */
    default void snippetsDone(int snippetsDone, int snippetCount) {}

    /** No progress output. */
    ImportProgress NONE = new ImportProgress() {};
}
