/**
 * The streaming matcher: the Kafka Streams topology that drives one {@code MatcherSession} per listening
 * session from {@code leggio.audio.embeddings} and {@code leggio.session.commands}, with all scores of
 * {@code leggio.scores} in a global store, and publishes {@code SessionEvent}s on {@code leggio.positions}
 * exactly once. {@link org.leggio.matcher.stream.MatcherTopology} builds it,
 * {@link org.leggio.matcher.stream.MatcherService} runs one instance.
 */
package org.leggio.matcher.stream;
