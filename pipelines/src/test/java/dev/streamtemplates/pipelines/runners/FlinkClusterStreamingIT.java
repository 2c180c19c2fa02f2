package dev.streamtemplates.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.testing.flink.FlinkCluster;
import dev.streamtemplates.testing.flink.FlinkRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * An unbounded run on the Flink cluster, submitted as {@code make run RUNNER=flink-cluster} does
 * it: the bundled jar in a JVM of its own, which stages the job jar and (see
 * FlinkClusterDefaults) checkpoints because the run streams. Through Flink's REST API the job is
 * seen RUNNING and checkpointing; it writes output; it survives the loss of its only TaskManager
 * (killed with SIGKILL, a new one started) by restoring its last checkpoint and writing on; and
 * it is cancelled cleanly: CANCELED, every slot free again, the client gone.
 */
public class FlinkClusterStreamingIT {
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(480);

  @Test
  public void unboundedRunCheckpointsSurvivesALostTaskManagerAndIsCancelledCleanly()
      throws Exception {
    Path out = tmp.newFolder("out").toPath();
    Path clientLog = tmp.getRoot().toPath().resolve("client.log");
    String jobName = "streaming-it-" + System.nanoTime();
    FlinkRest rest = ClusterUnderTest.rest();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process client = new ProcessBuilder(java, "-jar", ClusterUnderTest.bundledJar().toString(),
        "fraud", "--runner=FlinkRunner", "--flinkMaster=" + ClusterUnderTest.master(),
        "--parallelism=2", "--jobName=" + jobName, "--eventsPerSecond=100",
        "--sink=file", "--outputPath=" + out, "--checkpointingInterval=2000")
        .redirectErrorStream(true)
        .redirectOutput(clientLog.toFile())
        .start();
    try {
      String id = await("job " + jobName + " submitted", () -> rest.activeJobNamed(jobName))
          .id;
      rest.awaitState(id, "RUNNING", PATIENCE);
      assertThat(Files.readString(clientLog, StandardCharsets.UTF_8),
          containsString("staging the job jar"));

      await("output files", () -> Optional.of(outputLines(out)).filter(n -> n > 0));
      awaitCheckpoints(rest, id, "completed", 1);

      Optional<FlinkCluster> cluster = ClusterUnderTest.owned();
      if (cluster.isPresent()) {
        int restoredBefore = counts(rest, id).path("restored").asInt();
        cluster.get().killTaskManager();
        long linesAtLoss = outputLines(out);
        cluster.get().addTaskManager();
        awaitCheckpoints(rest, id, "restored", restoredBefore + 1);
        rest.awaitState(id, "RUNNING", PATIENCE);
        await("output after the restore",
            () -> Optional.of(outputLines(out)).filter(n -> n > linesAtLoss));
      }

      rest.cancel(id);
      rest.awaitState(id, "CANCELED", Duration.ofSeconds(60));
      await("every slot free again", () -> Optional.of(rest.overview())
          .filter(o -> o.path("slots-available").asInt() == o.path("slots-total").asInt()
              && o.path("jobs-running").asInt() == 0));
      assertThat("the client ends with its job", client.waitFor(60, TimeUnit.SECONDS),
          is(true));
    } finally {
      client.destroyForcibly();
      ClusterUnderTest.cancelActiveJob(jobName);
    }
  }

  private static JsonNode counts(FlinkRest rest, String id) {
    return rest.checkpoints(id).path("counts");
  }

  private static void awaitCheckpoints(FlinkRest rest, String id, String count, int atLeast) {
    await(atLeast + " " + count + " checkpoint(s)", () -> Optional.of(counts(rest, id))
        .filter(c -> c.path(count).asInt() >= atLeast));
    assertThat(counts(rest, id).path(count).asInt(), greaterThan(atLeast - 1));
  }

  /** Lines written so far to the finished files of every output (temporary files excluded). */
  private static long outputLines(Path out) {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !hasHiddenPart(out.relativize(f)))
          .mapToLong(FlinkClusterStreamingIT::lineCount)
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasHiddenPart(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static long lineCount(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).size();
    } catch (IOException e) {
      return 0; // being written or moved right now; the next poll counts it
    }
  }

  private static <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
    throw new AssertionError("no " + what + " within " + PATIENCE.toSeconds() + " s");
  }
}
