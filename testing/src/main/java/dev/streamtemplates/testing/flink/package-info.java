/**
 * A real Flink session cluster for tests and for local runs: a JobManager and TaskManagers in
 * JVMs of their own.
 *
 * <p>{@link dev.streamtemplates.testing.flink.FlinkCluster} starts one from a test; {@link
 * dev.streamtemplates.testing.flink.FlinkClusterCli} backs {@code make flink-up} and {@code make
 * flink-down}; {@link dev.streamtemplates.testing.flink.FlinkRest} speaks to any Flink cluster's
 * REST API. The cluster's jars are resolved at build time by {@code
 * testing/src/flink-cluster/pom.xml}, apart from every project classpath, and their list travels
 * inside the testing jar as {@code flink-cluster.classpath}.
 */
package dev.streamtemplates.testing.flink;
