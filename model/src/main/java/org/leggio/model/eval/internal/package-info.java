/**
 * Internals of {@code org.leggio.model.eval}: the N-D float32 {@code .npy} codec, item storage
 * (heap or memory-mapped), vector kernels and the {@code pairs.csv}/{@code manifest.json} codecs.
 * Not API: may change without notice; only {@code org.leggio.model.eval} may use it.
 */
package org.leggio.model.eval.internal;
