package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.io.source.ReadRecords;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.pipelines.runtime.PipelineRun;
import org.apache.beam.sdk.Pipeline;

/**
 * Recommendations: read, parse, trending items, item-to-item co-occurrence and per-user
 * recommendations, write. See docs/recommendations.md.
 *
 * <pre>
 * mvn -pl pipelines exec:java \
 *     -Dexec.mainClass=dev.streamtemplates.pipelines.recommendations.RecommendationsPipeline \
 *     -Dexec.args="--maxEvents=6000"
 * </pre>
 */
public final class RecommendationsPipeline {
  private RecommendationsPipeline() {}

  public static void main(String[] args) {
    PipelineRun.main(
        RecommendationsPipeline.class, args, RecommendationsOptions.class,
        RecommendationsPipeline::build, ComputeRecommendations.NAME);
  }

  /** What this pipeline's synthetic source generates (also fed to Kafka by {@code make produce}). */
  public static EventGenerator generator() {
    return new InteractionGenerator();
  }

  /** The whole pipeline, not yet run: tests and other launchers run it their own way. */
  public static Pipeline build(RecommendationsOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Read", ReadRecords.from(options, generator()))
        .apply("Recommendations", ComputeRecommendations.from(options))
        .writeTo(options);
    return pipeline;
  }
}
