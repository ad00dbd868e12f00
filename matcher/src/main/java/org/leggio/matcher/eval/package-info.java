/**
 * Following evaluation, as pure functions over a performance's ground truth ({@link
 * org.leggio.matcher.eval.TruthEvent}) and the follower's reported track ({@link
 * org.leggio.matcher.eval.Report}): matchmaker-style accuracy and tracking ({@link
 * org.leggio.matcher.eval.FollowingMetrics}), re-acquisition after form changes ({@link
 * org.leggio.matcher.eval.ReacquireMetrics}) and confidence calibration ({@link
 * org.leggio.matcher.eval.CalibrationTable}). Times are seconds of the audio, positions quarter-note
 * beats of the unfolded score, pages 0-based.
 */
package org.leggio.matcher.eval;
