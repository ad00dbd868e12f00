package org.leggio.model.train;

/**
 * One line of a run's history: after {@code epoch} epochs (0 = the initial weights).
 *
 * @param epoch epochs completed
 * @param steps optimiser steps so far
 * @param meanLoss mean training loss over the epoch (NaN for epoch 0)
 * @param validationMrr audio → sheet MRR on the validation pairs (the selection metric)
 * @param validationMrrSheetToAudio sheet → audio MRR on the same pairs
 * @param learningRate the rate used during the epoch
 * @param seconds wall time since the run started (summed over resumed sessions)
 */
public record EpochRecord(int epoch, long steps, double meanLoss, double validationMrr,
        double validationMrrSheetToAudio, float learningRate, double seconds) {}
