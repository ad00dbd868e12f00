package org.leggio.kafka;

import com.google.protobuf.Message;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.SpectrogramChunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtoSerdeTest {

    /** Field 1 declared as a 127-byte string, then the input ends. */
    private static final byte[] TRUNCATED = {0x0A, 0x7F, 0x01};

    static Stream<Topic<?>> topics() {
        return Topics.all().stream();
    }

    @ParameterizedTest
    @MethodSource("topics")
    void shouldRoundTripTheValueTypeOfEveryTopic(Topic<?> topic) {
        assertRoundTrip(topic);
    }

    @ParameterizedTest
    @MethodSource("topics")
    void shouldMapNullToNullBothWays(Topic<?> topic) {
        assertNull(topic.valueSerde().serializer().serialize(topic.name(), null));
        assertNull(topic.valueSerde().deserializer().deserialize(topic.name(), null));
        assertNull(topic.valueSerde().deserialize(topic.name(), new RecordHeaders(), (ByteBuffer) null));
    }

    @ParameterizedTest
    @MethodSource("topics")
    void shouldNameTopicAndTypeWhenBytesDoNotParse(Topic<?> topic) {
        SerializationException e = assertThrows(SerializationException.class,
                () -> topic.valueSerde().deserializer().deserialize(topic.name(), TRUNCATED));

        assertTrue(e.getMessage().contains("'" + topic.name() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(topic.valueSerde().typeName()), e.getMessage());
        assertTrue(e.getCause() != null);
    }

    @Test
    void shouldNameTheProtobufType() {
        assertEquals("leggio.v1.SpectrogramChunk", ProtoSerde.of(SpectrogramChunk.parser()).typeName());
        assertEquals("leggio.v1.AudioEmbedding", Topics.AUDIO_EMBEDDINGS.valueSerde().typeName());
    }

    @Test
    void shouldReadEmptyBytesAsTheDefaultMessage() {
        assertEquals(AudioEmbedding.getDefaultInstance(),
                Topics.AUDIO_EMBEDDINGS.valueSerde().deserialize("t", new byte[0]));
    }

    @Test
    void shouldParseByteBufferWithoutMovingItsPosition() {
        AudioEmbedding sample = (AudioEmbedding) Samples.forTopic(Topics.AUDIO_EMBEDDINGS);
        byte[] encoded = sample.toByteArray();
        ByteBuffer buffer = ByteBuffer.allocate(encoded.length + 3);
        buffer.put(new byte[] {9, 9, 9}).put(encoded).flip().position(3);

        AudioEmbedding parsed = Topics.AUDIO_EMBEDDINGS.valueSerde().deserialize("t", new RecordHeaders(), buffer);

        assertEquals(sample, parsed);
        assertEquals(3, buffer.position());
    }

    @Test
    void shouldNameTopicWhenByteBufferDoesNotParse() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> Topics.AUDIO_CHUNKS.valueSerde().deserialize(Topics.AUDIO_CHUNKS_NAME, new RecordHeaders(),
                        ByteBuffer.wrap(TRUNCATED)));

        assertTrue(e.getMessage().startsWith(
                "cannot deserialize leggio.v1.SpectrogramChunk from topic 'leggio.audio.chunks' (3 bytes)"),
                e.getMessage());
    }

    @Test
    void shouldBeItsOwnSerializerAndDeserializer() {
        ProtoSerde<SpectrogramChunk> serde = ProtoSerde.of(SpectrogramChunk.parser());
        assertSame(serde, serde.serializer());
        assertSame(serde, serde.deserializer());
    }

    @Test
    void shouldRejectNullParser() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ProtoSerde.of(null));
        assertEquals("parser can't be null", e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <V extends Message> void assertRoundTrip(Topic<V> topic) {
        V sample = (V) Samples.forTopic(topic);
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), sample);

        V back = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);

        assertEquals(sample, back);
        assertEquals("session-1", topic.keySerde().deserializer().deserialize(topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), "session-1")));
    }
}
