/**
 * Builds pair sets (the format of {@code org.leggio.model.eval.PairSet}) for training and
 * evaluation. Needs {@code ../shared} data; never needed at run time.
 */
package org.leggio.dataset;
