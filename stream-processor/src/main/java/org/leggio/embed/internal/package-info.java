/** Internals of the embedding processor: the per-session window processor, its stores' records. */
package org.leggio.embed.internal;
