package dev.streamtemplates.pipelines.runtime;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;

/**
 * What a run on a real Flink cluster needs that the pipeline code does not say, and an embedded
 * run does not need. Applied to the options of a built pipeline just before it runs, and only
 * where the user has not set the option:
 *
 * <ul>
 *   <li>{@code --filesToStage}: the job jar next to the bundled jar ({@code
 *       pipelines-flink-job-<version>.jar}: the same classes without Flink's own, which the
 *       cluster provides). Without it Beam stages the bundled jar, Flink included.
 *   <li>Streaming runs (any unbounded input): {@code --checkpointingInterval} of {@value
 *       #CHECKPOINT_INTERVAL_MS} ms, so that state survives a lost TaskManager, and {@code
 *       --shutdownSourcesAfterIdleMs} of {@value #SHUTDOWN_SOURCES_AFTER_IDLE_MS} ms, so that a
 *       synthetic run bounded by {@code --maxEvents} still ends (with checkpointing on, Beam's
 *       Flink sources otherwise stay up forever).
 * </ul>
 *
 * <p>The restart strategy and the state backend come from the cluster's configuration: Flink
 * 1.19 restarts a checkpointing job with exponential delay unless told otherwise, and the
 * cluster of {@code make flink-up} keeps heap state with file checkpoints. Per job, Beam's
 * {@code --stateBackend}, {@code --stateBackendStoragePath}, {@code --numberOfExecutionRetries}
 * and {@code --flinkConfDir} override them (see docs/runners.md).
 */
public final class FlinkClusterDefaults {
  static final long CHECKPOINT_INTERVAL_MS = 30_000;
  static final long SHUTDOWN_SOURCES_AFTER_IDLE_MS = 5_000;
  static final String BUNDLED_JAR_PREFIX = "pipelines-bundled-";
  static final String JOB_JAR_PREFIX = "pipelines-flink-job-";

  private FlinkClusterDefaults() {}

  /**
   * Sets the defaults above on {@code pipeline}'s options if it runs on a Flink cluster (the
   * Flink runner with a {@code host:port} master); returns one line per default applied, for the
   * user to see.
   */
  public static List<String> apply(Pipeline pipeline) {
    return apply(pipeline, runningJar());
  }

  /** As {@link #apply(Pipeline)}, for a run from {@code runningJar} (empty: from classes). */
  public static List<String> apply(Pipeline pipeline, Optional<Path> runningJar) {
    List<String> applied = new ArrayList<>();
    if (!runsOnFlinkCluster(pipeline)) {
      return applied;
    }
    FlinkPipelineOptions flink = pipeline.getOptions().as(FlinkPipelineOptions.class);
    if (flink.getFilesToStage() == null || flink.getFilesToStage().isEmpty()) {
      Optional<Path> jobJar = runningJar.flatMap(FlinkClusterDefaults::jobJarNextTo);
      if (jobJar.isPresent()) {
        flink.setFilesToStage(List.of(jobJar.get().toString()));
        applied.add("staging the job jar " + jobJar.get() + " (--filesToStage)");
      } else if (runningJar.isPresent()) {
        applied.add("no " + JOB_JAR_PREFIX + "*.jar next to " + runningJar.get()
            + ": staging it whole, Flink's own classes included");
      } else {
        applied.add("staging the whole classpath, one jar at a time (slow): pass"
            + " --filesToStage=<" + JOB_JAR_PREFIX + "<version>.jar, which mvn package builds>");
      }
    }
    if (isStreaming(pipeline)) {
      if (flink.getCheckpointingInterval() == null || flink.getCheckpointingInterval() <= 0) {
        flink.setCheckpointingInterval(CHECKPOINT_INTERVAL_MS);
        applied.add("streaming run: a checkpoint every " + CHECKPOINT_INTERVAL_MS / 1000
            + " s (--checkpointingInterval); restarts and state backend as the cluster is"
            + " configured");
      }
      if (flink.getShutdownSourcesAfterIdleMs() == null
          || flink.getShutdownSourcesAfterIdleMs() < 0) {
        flink.setShutdownSourcesAfterIdleMs(SHUTDOWN_SOURCES_AFTER_IDLE_MS);
      }
    }
    return applied;
  }

  /** The Flink runner with a remote master ({@code host:port}), not the embedded cluster. */
  static boolean runsOnFlinkCluster(Pipeline pipeline) {
    if (!FlinkRunner.class.isAssignableFrom(pipeline.getOptions().getRunner())) {
      return false;
    }
    String master = pipeline.getOptions().as(FlinkPipelineOptions.class).getFlinkMaster();
    return master != null && !master.equals("[local]") && !master.equals("[auto]")
        && !master.equals("[collection]");
  }

  /** Whether any input is unbounded: Beam then runs the job in Flink's streaming mode. */
  static boolean isStreaming(Pipeline pipeline) {
    boolean[] unbounded = {false};
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitValue(PValue value, TransformHierarchy.Node producer) {
        if (value instanceof PCollection
            && ((PCollection<?>) value).isBounded() == PCollection.IsBounded.UNBOUNDED) {
          unbounded[0] = true;
        }
      }
    });
    return unbounded[0];
  }

  /** {@code pipelines-flink-job-<version>.jar} beside {@code pipelines-bundled-<version>.jar}. */
  static Optional<Path> jobJarNextTo(Path bundledJar) {
    String name = bundledJar.getFileName().toString();
    if (!name.startsWith(BUNDLED_JAR_PREFIX)) {
      return Optional.empty();
    }
    Path jobJar = bundledJar.resolveSibling(
        JOB_JAR_PREFIX + name.substring(BUNDLED_JAR_PREFIX.length()));
    return Files.isRegularFile(jobJar) ? Optional.of(jobJar) : Optional.empty();
  }

  /** The jar this class was loaded from, when it runs from one ({@code java -jar}). */
  private static Optional<Path> runningJar() {
    try {
      Path location = Path.of(FlinkClusterDefaults.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar")
          ? Optional.of(location.toAbsolutePath())
          : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
