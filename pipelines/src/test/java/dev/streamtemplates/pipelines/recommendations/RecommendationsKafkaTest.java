package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.pipelines.KafkaRuns;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The fixture through a real Kafka broker, in streaming mode: the same records as from files. */
public class RecommendationsKafkaTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private void run(String runnerFlags) throws Exception {
    KafkaRuns.assertSameAsFileRun(tmp, ComputeRecommendations.NAME, RecommendationsFixture.input(),
        List.of(ComputeRecommendations.TRENDING, ComputeRecommendations.SIMILAR_ITEMS,
            ComputeRecommendations.RECOMMENDATIONS, ComputeRecommendations.DEAD_LETTER),
        runnerFlags,
        args -> RecommendationsPipeline.build(
            PipelineOptionsFactory.fromArgs(args).withValidation().as(RecommendationsOptions.class)),
        "--freshnessSec=86400");
  }

  @Test
  public void directRunnerFromKafkaToKafkaWritesWhatTheFileRunWrites() throws Exception {
    run(KafkaRuns.DIRECT);
  }

  @Test
  public void flinkEmbeddedFromKafkaToKafkaWritesWhatTheFileRunWrites() throws Exception {
    run(KafkaRuns.FLINK);
  }
}
