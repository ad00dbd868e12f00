package org.leggio.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer, deserializer and serde in one for a protobuf message type, using the message's
 * standard binary encoding with no framing or schema id.
 *
 * <pre>{@code
 * ProtoSerde<SpectrogramChunk> serde = ProtoSerde.of(SpectrogramChunk.parser());
 * }</pre>
 *
 * <p>{@code null} maps to {@code null} both ways, so tombstones pass through. An empty byte array is
 * a valid encoding of the message with every field at its default. Bytes that do not parse raise a
 * {@link SerializationException} whose message names the topic and the message type.
 *
 * <p>Stateless and thread-safe: one instance may serve any number of clients and threads.
 * {@link #configure(Map, boolean)} and {@link #close()} do nothing.
 *
 * @param <T> the message type
 */
public final class ProtoSerde<T extends Message> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Parser<T> parser;
    private final String typeName;

    /**
     * @param parser the message type's parser, e.g. {@code SpectrogramChunk.parser()}; must not be null
     */
    public ProtoSerde(Parser<T> parser) {
        this.parser = Objects.requireNonNull(parser, "parser can't be null");
        this.typeName = typeNameOf(parser);
    }

    /**
     * Returns a serde for the message type of {@code parser}.
     *
     * @param parser the message type's parser, e.g. {@code SpectrogramChunk.parser()}; must not be null
     * @param <T> the message type
     * @return the serde
     */
    public static <T extends Message> ProtoSerde<T> of(Parser<T> parser) {
        return new ProtoSerde<>(parser);
    }

    /** The full protobuf name of the message type, e.g. {@code "leggio.v1.SpectrogramChunk"}. */
    public String typeName() {
        return typeName;
    }

    /** Returns the encoded message, or {@code null} for a {@code null} message. */
    @Override
    public byte[] serialize(String topic, T message) {
        return message == null ? null : message.toByteArray();
    }

    /**
     * Parses {@code data}; {@code null} gives {@code null}.
     *
     * @throws SerializationException naming the topic and message type if the bytes do not parse
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return parser.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw unparsable(topic, data.length, e);
        }
    }

    /**
     * Parses the remaining bytes of {@code data} without copying them and without moving its position;
     * {@code null} gives {@code null}.
     *
     * @throws SerializationException naming the topic and message type if the bytes do not parse
     */
    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ByteBuffer view = data.duplicate();
        try {
            return parser.parseFrom(view);
        } catch (InvalidProtocolBufferException e) {
            throw unparsable(topic, data.remaining(), e);
        }
    }

    /** Returns this object. */
    @Override
    public Serializer<T> serializer() {
        return this;
    }

    /** Returns this object. */
    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    /** Does nothing: the serde has no settings. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure.
    }

    /** Does nothing: the serde holds no resources. */
    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public String toString() {
        return "ProtoSerde<" + typeName + ">";
    }

    private SerializationException unparsable(String topic, int length, InvalidProtocolBufferException e) {
        return new SerializationException("cannot deserialize " + typeName + " from topic '" + topic + "' ("
                + length + " bytes): " + e.getMessage(), e);
    }

    private static String typeNameOf(Parser<? extends Message> parser) {
        try {
            return parser.parsePartialFrom(new byte[0]).getDescriptorForType().getFullName();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return "protobuf message";
        }
    }
}
