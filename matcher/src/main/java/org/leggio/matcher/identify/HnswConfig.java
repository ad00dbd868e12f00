package org.leggio.matcher.identify;

/**
 * Parameters of an {@link HnswSnippetIndex}.
 *
 * @param maxConnections graph out-degree M on the upper levels (2M on level 0), 1..512; more means
 *     better recall, more memory and a slower build
 * @param beamWidth candidates kept while linking each new vector at build time (efConstruction),
 *     1..3200
 * @param searchCandidates candidates kept while searching (ef), at least 1; a search for k
 *     neighbours uses max(k, searchCandidates)
 * @param seed seeds the random level assignment, so a build is reproducible
 */
public record HnswConfig(int maxConnections, int beamWidth, int searchCandidates, long seed) {

  /** Lucene's own default M. */
  public static final int DEFAULT_MAX_CONNECTIONS = 16;
  /** Lucene's own default beam width. */
  public static final int DEFAULT_BEAM_WIDTH = 100;
  /** Gives recall@10 well above 0.9 on clustered 32-d embeddings. */
  public static final int DEFAULT_SEARCH_CANDIDATES = 100;
  public static final long DEFAULT_SEED = 42L;

  // Lucene99HnswVectorsFormat's limits; larger values only cost memory and time.
  private static final int MAX_MAX_CONNECTIONS = 512;
  private static final int MAX_BEAM_WIDTH = 3200;

  public HnswConfig {
    requireInRange("maxConnections", maxConnections, MAX_MAX_CONNECTIONS);
    requireInRange("beamWidth", beamWidth, MAX_BEAM_WIDTH);
    requireInRange("searchCandidates", searchCandidates, Integer.MAX_VALUE);
  }

  /** M 16, beam width 100, 100 search candidates, seed 42. */
  public static HnswConfig defaults() {
    return new HnswConfig(
        DEFAULT_MAX_CONNECTIONS, DEFAULT_BEAM_WIDTH, DEFAULT_SEARCH_CANDIDATES, DEFAULT_SEED);
  }

  /** This configuration with another search-time candidate count (it does not affect the graph). */
  public HnswConfig withSearchCandidates(int candidates) {
    return new HnswConfig(maxConnections, beamWidth, candidates, seed);
  }

  private static void requireInRange(String name, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(name + " must be in 1.." + max + ", was " + value);
    }
  }
}
