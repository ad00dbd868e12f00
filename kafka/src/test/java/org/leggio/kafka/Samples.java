package org.leggio.kafka;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.Map;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.Pause;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionCommand;
import org.leggio.proto.v1.SessionEvent;
import org.leggio.proto.v1.SnippetGrid;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/** One populated message per Leggio value type. */
final class Samples {

    private static final Map<String, Message> BY_TOPIC = Map.of(
            Topics.AUDIO_CHUNKS_NAME, SpectrogramChunk.newBuilder()
                    .setSessionId("session-1").setSequenceNumber(7).setFirstFrameIndex(700).setFrameCount(10)
                    .setBandCount(4).setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT32)
                    .setValues(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                    .setCaptureTimeMicros(1_700_000_000_000_000L)
                    .setSourceKind(AudioSourceKind.AUDIO_SOURCE_KIND_MICROPHONE).setSourceSampleRateHz(44_100)
                    .build(),
            Topics.AUDIO_EMBEDDINGS_NAME, AudioEmbedding.newBuilder()
                    .setSessionId("session-1").setFrameIndex(710).setWindowFrames(32)
                    .addValues(0.25f).addValues(-1.5f).addValues(3.0f).setModelId("cnn-v1").setSequenceNumber(3)
                    .build(),
            Topics.SESSION_COMMANDS_NAME, SessionCommand.newBuilder()
                    .setSessionId("session-1").setCommandId("c-1").setIssuedTimeMicros(42)
                    .setPause(Pause.newBuilder().setPaused(true))
                    .build(),
            Topics.POSITIONS_NAME, SessionEvent.newBuilder()
                    .setPosition(PositionUpdate.newBuilder().setSessionId("session-1")
                            .setState(FollowState.FOLLOW_STATE_FOLLOWING).setPieceId("bach-bwv-1007")
                            .setPageIndex(1).setPageXPx(120.5f).setScoreBeats(33.25).setConfidence(0.9f))
                    .build(),
            Topics.SCORES_NAME, ScoreIndex.newBuilder()
                    .setPieceId("bach-bwv-1007")
                    .setMetadata(PieceMetadata.newBuilder().setTitle("Cello Suite No. 1").setComposer("J. S. Bach"))
                    .addBars(Bar.newBuilder().setBarIndex(0).setLabel("1").setStartBeats(0).setDurationBeats(4))
                    .setFollowGrid(SnippetGrid.newBuilder().setStridePx(8).setEmbeddingDim(2)
                            .addEmbeddings(0.5f).addEmbeddings(0.25f))
                    .build());

    private Samples() {
    }

    static Message forTopic(Topic<?> topic) {
        Message sample = BY_TOPIC.get(topic.name());
        if (sample == null) {
            throw new IllegalStateException("no sample message for topic " + topic.name() + "; add one to Samples");
        }
        return sample;
    }
}
