package org.leggio.model.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished run produced.
 *
 * @param modelDir the trained model (Leggio model directory, CCA refit included)
 * @param modelId its id
 * @param bestValidationMrr the validation audio → sheet MRR of the chosen weights (before the refit)
 * @param bestEpoch the epoch the chosen weights come from
 * @param stopReason why training ended
 * @param history every validation, epoch 0 first
 * @param seconds total wall time of training, all sessions
 */
public record TrainingResult(Path modelDir, String modelId, double bestValidationMrr, int bestEpoch,
        String stopReason, List<EpochRecord> history, double seconds) {}
