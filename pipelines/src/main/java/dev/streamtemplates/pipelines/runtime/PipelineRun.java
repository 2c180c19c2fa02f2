package dev.streamtemplates.pipelines.runtime;

import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline the way a user watches it: counters every few seconds while it runs (where the
 * runner reports them live), and the contract's one-line summary when a bounded run ends, e.g.
 * {@code analytics: read=2400 parsed=2391 deadLettered=9 duplicates=0 droppedLate=0}.
 */
public final class PipelineRun {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
  private static final long PROGRESS_EVERY_SEC = 10;

  private PipelineRun() {}

  /**
   * Every pipeline's {@code main}: parse and validate the options (fail fast on a bad one), build,
   * run and report. Embedded Flink under {@code mvn exec:java} runs in a child JVM instead; a
   * Flink cluster run gets {@link FlinkClusterDefaults}; a Dataflow run returns once submitted.
   */
  public static <O extends PipelineOptions> void main(
      Class<?> mainClass,
      String[] args,
      Class<O> optionsClass,
      Function<O, Pipeline> build,
      String namespace) {
    if (EmbeddedFlinkLauncher.runInChildJvmIfNeeded(mainClass, args)) {
      return;
    }
    args = DataflowSubmission.withDataflowRunnerInFlexTemplate(args, System.getenv());
    PipelineOptionsFactory.register(optionsClass);
    O options = PipelineOptionsFactory.fromArgs(args).withValidation().as(optionsClass);
    Pipeline pipeline = build.apply(options);
    FlinkClusterDefaults.apply(pipeline).forEach(line -> System.err.println("[flink] " + line));
    FlinkTuning.apply(pipeline, args).forEach(line -> System.err.println("[flink] " + line));
    runAndReport(pipeline, namespace);
  }

  /**
   * Runs to completion (or forever, for an unbounded source) and returns the final counters; on
   * Dataflow, returns as soon as the job is submitted, with no counters.
   */
  public static Map<String, Long> runAndReport(Pipeline pipeline, String namespace) {
    boolean direct = pipeline.getOptions().getRunner() == DirectRunner.class;
    if (direct) {
      // Return from run() at once so progress can be reported; we wait below.
      pipeline.getOptions().as(DirectOptions.class).setBlockOnRun(false);
    }
    long started = System.nanoTime();
    PipelineResult result = pipeline.run();
    if (DataflowSubmission.isDataflow(pipeline.getOptions())) {
      System.out.println(DataflowSubmission.describe(result, pipeline.getOptions()));
      return Map.of();
    }
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    progress.scheduleAtFixedRate(
        () -> report(result, namespace, started),
        PROGRESS_EVERY_SEC, PROGRESS_EVERY_SEC, TimeUnit.SECONDS);
    PipelineResult.State state;
    try {
      state = result.waitUntilFinish();
    } finally {
      progress.shutdownNow();
    }
    Map<String, Long> counters = PipelineCounters.query(result.metrics(), namespace);
    System.out.println(PipelineCounters.summaryLine(namespace, counters));
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(namespace + " ended in state " + state);
    }
    return counters;
  }

  private static void report(PipelineResult result, String namespace, long started) {
    try {
      Map<String, Long> counters = PipelineCounters.query(result.metrics(), namespace);
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      long read = counters.getOrDefault(PipelineCounters.READ, 0L);
      System.err.printf(
          "[progress %ds] %s (%.0f records/s)%n",
          seconds, PipelineCounters.summaryLine(namespace, counters), seconds == 0 ? 0.0 : (double) read / seconds);
    } catch (UnsupportedOperationException | IllegalStateException e) {
      LOG.debug("live counters not available from this runner", e);
    }
  }
}
