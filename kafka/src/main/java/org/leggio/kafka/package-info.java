/**
 * Leggio's Kafka plumbing shared by every producer, consumer and Streams application: the topic
 * registry {@link org.leggio.kafka.Topics} with protobuf serdes ({@link org.leggio.kafka.ProtoSerde}),
 * the explicit topic-creation step ({@link org.leggio.kafka.TopicAdmin}) and a fast reachability
 * check for command-line tools ({@link org.leggio.kafka.KafkaReachability}).
 *
 * <p>Failures that a caller can report as they are extend {@link org.leggio.kafka.LeggioKafkaException}.
 */
package org.leggio.kafka;
