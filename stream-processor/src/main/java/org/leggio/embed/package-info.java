/**
 * The embedding processor: spectrogram chunks of every session in, micro-batched audio embeddings out,
 * exactly once. {@link org.leggio.embed.EmbeddingTopology} builds the Kafka Streams topology,
 * {@link org.leggio.embed.EmbedService} runs one instance.
 */
package org.leggio.embed;
