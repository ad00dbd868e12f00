/**
 * A real single-node Kafka broker (KRaft mode) that runs inside the JVM, for the demo, single-machine
 * use and integration tests.
 *
 * <p>Start one with {@link org.leggio.broker.EmbeddedKafkaBroker#start(EmbeddedBrokerConfig)} and
 * close it when done. Everything under {@code org.leggio.broker.internal} is an implementation detail.
 */
package org.leggio.broker;
