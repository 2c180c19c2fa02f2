package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.io.source.ReadRecords;
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

  /** The whole pipeline, not yet run: tests and other launchers run it their own way. */
  public static Pipeline build(RecommendationsOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Read", ReadRecords.from(options, new InteractionGenerator()))
        .apply("Recommendations", ComputeRecommendations.from(options))
        .writeTo(options);
    return pipeline;
  }
}
