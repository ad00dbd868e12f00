/**
 * Library-scale nearest-snippet search: given one snippet embedding (an L2-normalised float vector),
 * find the most similar snippets across every indexed piece. {@link org.leggio.matcher.identify.ExactSnippetIndex}
 * scans all vectors; {@link org.leggio.matcher.identify.IvfSnippetIndex} scans the few k-means lists
 * nearest to the query (built on several threads); {@link org.leggio.matcher.identify.HnswSnippetIndex}
 * walks a Lucene HNSW graph. {@link org.leggio.matcher.identify.SnippetIndexes} picks one by library size
 * (exact below 5·10^4 vectors, IVF from there on, HNSW only when asked for), and
 * {@link org.leggio.matcher.identify.IndexBenchmark} ({@code leggio bench index}) measures all three.
 */
package org.leggio.matcher.identify;
