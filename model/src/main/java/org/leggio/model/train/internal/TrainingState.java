package org.leggio.model.train.internal;

import java.util.ArrayList;
import java.util.List;
import org.leggio.model.train.CcaStatistics;
import org.leggio.model.train.EpochRecord;

/** Everything a run needs to resume, besides weights and optimiser moments (Gson-serialised). */
public final class TrainingState {
    public int formatVersion = 1;
    public String modelId;
    public String spec;
    public String init;
    public int epoch;
    public int stepInEpoch;
    public long totalSteps;
    public double epochLossSum;
    public int epochLossCount;
    public float learningRate;
    public double bestMrr = Double.NEGATIVE_INFINITY;
    public int bestEpoch = -1;
    public int badEpochs;
    public int refinementRound;
    public double seconds;
    public String stopReason;
    public CcaStatistics cca;
    public List<EpochRecord> history = new ArrayList<>();
}
