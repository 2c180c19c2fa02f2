/**
 * A real Kafka broker for tests and for local runs, in a JVM of its own.
 *
 * <p>{@link dev.streamtemplates.testing.kafka.KafkaBroker} starts one from a test; {@link
 * dev.streamtemplates.testing.kafka.KafkaBrokerCli} backs {@code make kafka-up} and {@code make
 * kafka-down}. The broker's jars are resolved at build time by {@code
 * testing/src/kafka-broker/pom.xml}, apart from every project classpath, and their list travels
 * inside the testing jar as {@code kafka-broker.classpath}.
 */
package dev.streamtemplates.testing.kafka;
