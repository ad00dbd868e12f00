/**
 * The audio–sheet-music embedding network (Dorfer et al.; Carvalho &amp; Widmer, arXiv 2309.12158)
 * in DJL: weights, the {@code Embedder} API, the sheet-snippet cutter and retrieval metrics. Knows
 * nothing of Kafka.
 */
package org.leggio.model;
