package dev.streamtemplates.pipelines.analytics;

import dev.streamtemplates.io.source.ReadRecords;
import dev.streamtemplates.pipelines.runtime.EmbeddedFlinkLauncher;
import dev.streamtemplates.pipelines.runtime.PipelineRun;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Real-time user analytics: read, parse, compute, write. See docs/analytics.md.
 *
 * <pre>
 * mvn -pl pipelines exec:java -Dexec.args="--maxEvents=2000"
 * </pre>
 */
public final class AnalyticsPipeline {
  private AnalyticsPipeline() {}

  public static void main(String[] args) {
    if (EmbeddedFlinkLauncher.runInChildJvmIfNeeded(AnalyticsPipeline.class, args)) {
      return;
    }
    PipelineOptionsFactory.register(AnalyticsOptions.class);
    AnalyticsOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(AnalyticsOptions.class);
    Pipeline pipeline = build(options);
    PipelineRun.runAndReport(pipeline, ComputeAnalytics.NAME);
  }

  /** The whole pipeline, not yet run: tests and other launchers run it their own way. */
  public static Pipeline build(AnalyticsOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Read", ReadRecords.from(options, new ActivityGenerator()))
        .apply("Analytics", ComputeAnalytics.from(options))
        .writeTo(options);
    return pipeline;
  }
}
