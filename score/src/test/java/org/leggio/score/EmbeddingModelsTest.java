package org.leggio.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SnippetGrid;

class EmbeddingModelsTest {
    private static ScoreIndex index(String follow, String identify) {
        return ScoreIndex.newBuilder().setPieceId("bach-prelude")
                .setFollowGrid(SnippetGrid.newBuilder().setModelId(follow))
                .setIdentifyGrid(SnippetGrid.newBuilder().setModelId(identify)).build();
    }

    @Test
    void acceptsEmbeddingsOfTheSameModel() {
        assertThat(EmbeddingModels.matches(index("leggio-a", "leggio-a"), "leggio-a")).isTrue();
        EmbeddingModels.require(index("leggio-a", "leggio-a"), "leggio-a");
    }

    @Test
    void rejectsEitherGridFromAnotherModelNamingBothAndTheFix() {
        assertThat(EmbeddingModels.matches(index("leggio-a", "ucasr-mc-audio"), "leggio-a")).isFalse();
        assertThatThrownBy(() -> EmbeddingModels.require(index("ucasr-mc-audio", "ucasr-mc-audio"), "leggio-a"))
                .isInstanceOf(ScoreException.class)
                .hasMessageContaining("bach-prelude")
                .hasMessageContaining("ucasr-mc-audio")
                .hasMessageContaining("leggio-a")
                .hasMessageContaining("--replace");
    }
}
