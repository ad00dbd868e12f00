/** Internals of the streaming matcher: the session processor, its state record, the score catalog. */
package org.leggio.matcher.stream.internal;
