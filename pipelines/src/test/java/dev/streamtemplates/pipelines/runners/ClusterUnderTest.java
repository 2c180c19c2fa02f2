package dev.streamtemplates.pipelines.runners;

import dev.streamtemplates.testing.flink.FlinkCluster;
import dev.streamtemplates.testing.flink.FlinkRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Flink cluster the integration tests submit to. By default one this JVM starts the first
 * time a test asks (a JobManager and a TaskManager with two slots, each in its own JVM, from
 * Maven jars), shared by every test class, stopped when the JVM exits. With {@code
 * -Dflink.master=host:port} the tests use a cluster that is already running instead ({@code make
 * flink-up}, or a remote one); tests that kill TaskManagers are then skipped.
 */
final class ClusterUnderTest {
  static final String MASTER_PROPERTY = "flink.master";
  static final String JOB_JAR_PROPERTY = "flink.job.jar";
  static final String BUNDLED_JAR_PROPERTY = "pipelines.bundled.jar";

  private static FlinkCluster owned;

  private ClusterUnderTest() {}

  /** {@code host:port} of the cluster's REST endpoint: Beam's {@code --flinkMaster}. */
  static synchronized String master() {
    String external = System.getProperty(MASTER_PROPERTY);
    if (external != null && !external.isBlank()) {
      return external;
    }
    if (owned == null) {
      // Stopped by the cluster's own shutdown hook when this JVM exits.
      owned = FlinkCluster.start();
    }
    return owned.master();
  }

  static FlinkRest rest() {
    return new FlinkRest(master());
  }

  /** The cluster, when this JVM started it (and may kill and add TaskManagers). */
  static synchronized Optional<FlinkCluster> owned() {
    master();
    return Optional.ofNullable(owned);
  }

  /** Cancels the job named {@code jobName} if it has not ended (a failed or timed-out test). */
  static void cancelActiveJob(String jobName) {
    if (owned == null && System.getProperty(MASTER_PROPERTY) == null) {
      return; // no cluster was ever started
    }
    rest().activeJobNamed(jobName).ifPresent(job -> {
      rest().cancel(job.id);
      rest().awaitState(job.id, "CANCELED", java.time.Duration.ofSeconds(60));
    });
  }

  /** The job jar to stage: the bundled jar without Flink's classes (built in package). */
  static Path jobJar() {
    return jar(JOB_JAR_PROPERTY, "pipelines-flink-job-");
  }

  /** The bundled jar, the one {@code make run} runs. */
  static Path bundledJar() {
    return jar(BUNDLED_JAR_PROPERTY, "pipelines-bundled-");
  }

  private static Path jar(String property, String prefix) {
    String path = System.getProperty(property);
    if (path != null) {
      return Path.of(path);
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)
              && f.toString().endsWith(".jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/" + prefix + "*.jar: the"
              + " cluster tests need the jars `mvn package` builds (run them with mvn verify)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
