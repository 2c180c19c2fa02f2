package dev.streamtemplates.pipelines.analytics;

import dev.streamtemplates.io.source.ReadRecords;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.pipelines.runtime.PipelineRun;
import org.apache.beam.sdk.Pipeline;

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
    PipelineRun.main(AnalyticsPipeline.class, args, AnalyticsOptions.class, AnalyticsPipeline::build, ComputeAnalytics.NAME);
  }

  /** What this pipeline's synthetic source generates (also fed to Kafka by {@code make produce}). */
  public static EventGenerator generator() {
    return new ActivityGenerator();
  }

  /** The whole pipeline, not yet run: tests and other launchers run it their own way. */
  public static Pipeline build(AnalyticsOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Read", ReadRecords.from(options, generator()))
        .apply("Analytics", ComputeAnalytics.from(options))
        .writeTo(options);
    return pipeline;
  }
}
