package org.leggio.score;

import java.util.Objects;
import org.leggio.proto.v1.ScoreIndex;

/**
 * Embeddings are only comparable when one model made them: a score's snippet grids carry the id
 * of the model that embedded them, and every audio embedding carries its own. This is where the two
 * are checked before they meet (following, identification, evaluation).
 */
public final class EmbeddingModels {
    private EmbeddingModels() {}

    /** Whether both grids of {@code index} were made by {@code modelId}. */
    public static boolean matches(ScoreIndex index, String modelId) {
        return index.getFollowGrid().getModelId().equals(modelId)
                && (!index.hasIdentifyGrid() || index.getIdentifyGrid().getModelId().equals(modelId));
    }

    /**
     * @throws ScoreException naming the piece, both model ids and the fix, when {@code index}'s
     *     embeddings were made by another model than {@code audioModelId}
     */
    public static void require(ScoreIndex index, String audioModelId) {
        Objects.requireNonNull(audioModelId, "audioModelId can't be null");
        if (!matches(index, audioModelId)) {
            throw new ScoreException("piece " + index.getPieceId() + " was embedded with model "
                    + index.getFollowGrid().getModelId() + " but the audio embeddings come from model " + audioModelId
                    + ": embeddings of different models can't be compared; re-import the score with that model"
                    + " (leggio score add FILE --id " + index.getPieceId() + " --replace --model …)");
        }
    }
}
