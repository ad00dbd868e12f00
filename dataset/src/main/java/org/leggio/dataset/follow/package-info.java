/**
 * Following evaluation data: the renderings of a split with their ground truth ({@link
 * org.leggio.dataset.follow.FollowingCorpus}, {@link org.leggio.dataset.follow.FollowingGroundTruth}), and
 * performances with their form changed — repeats skipped or added, restarts, pauses, jumps to another
 * piece ({@link org.leggio.dataset.follow.FormChanges}, {@link org.leggio.dataset.follow.EditedPerformance}).
 * Times are seconds on a rendering's timeline; spectrogram frames are 20 per second.
 */
package org.leggio.dataset.follow;
