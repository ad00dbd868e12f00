package org.leggio.model.train;

/**
 * The parameters of a CCA layer: {@code sheet embedding = (h₁ − sheetMean) · sheetProjection},
 * {@code audio embedding = (h₂ − audioMean) · audioProjection} (then L2-normalised); projections
 * are indexed [input dim][output dim] (ucasr's U and V).
 */
public record CcaSolution(float[] sheetMean, float[][] sheetProjection, float[] audioMean, float[][] audioProjection) {
    /** Projects sheet codes {@code [n][d]} and L2-normalises them. */
    public float[][] projectSheet(float[][] codes) {
        return project(codes, sheetMean, sheetProjection);
    }

    /** Projects audio codes {@code [n][d]} and L2-normalises them. */
    public float[][] projectAudio(float[][] codes) {
        return project(codes, audioMean, audioProjection);
    }

    private static float[][] project(float[][] codes, float[] mean, float[][] projection) {
        int d = mean.length;
        float[][] out = new float[codes.length][d];
        double[] centred = new double[d];
        for (int n = 0; n < codes.length; n++) {
            for (int i = 0; i < d; i++) {
                centred[i] = codes[n][i] - mean[i];
            }
            double norm = 0;
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += centred[i] * projection[i][j];
                }
                row[j] = s;
                norm += s * s;
            }
            double inv = 1 / Math.max(Math.sqrt(norm), 1e-12);
            for (int j = 0; j < d; j++) {
                out[n][j] = (float) (row[j] * inv);
            }
        }
        return out;
    }
}
