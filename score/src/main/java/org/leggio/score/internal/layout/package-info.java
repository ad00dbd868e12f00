/**
 * Image-based staff-system detection for score pages that come as pictures (PDF pages, scans,
 * PNG exports): staff lines, staff space, skew, staves and their grouping into systems.
 * Entry point: {@link org.leggio.score.internal.layout.StaffSystemDetector#detect}. Pure
 * algorithms on plain arrays; no I/O. Coordinates are pixels of the page given (see
 * {@link org.leggio.score.internal.layout.DetectedSystem} for the exact conventions).
 */
package org.leggio.score.internal.layout;
