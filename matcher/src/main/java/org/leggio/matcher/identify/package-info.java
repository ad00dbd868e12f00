/**
 * Library-scale nearest-snippet search: given one snippet embedding (an L2-normalised float vector),
 * find the most similar snippets across every indexed piece. {@link org.leggio.matcher.identify.ExactSnippetIndex}
 * scans all vectors; {@link org.leggio.matcher.identify.HnswSnippetIndex} walks a Lucene HNSW graph;
 * {@link org.leggio.matcher.identify.SnippetIndexes} picks one by library size, and
 * {@link org.leggio.matcher.identify.IndexBenchmark} measures where the crossover lies.
 */
package org.leggio.matcher.identify;
