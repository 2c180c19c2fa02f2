package dev.streamtemplates.pipelines.analytics;

import dev.streamtemplates.pipelines.KafkaRuns;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The fixture through a real Kafka broker, in streaming mode: the same records as from files. */
public class AnalyticsKafkaTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private void run(String runnerFlags) throws Exception {
    List<String> input = new ArrayList<>(AnalyticsFixture.GOOD);
    AnalyticsFixture.BAD.forEach(bad -> input.add(bad[0]));
    KafkaRuns.assertSameAsFileRun(tmp, ComputeAnalytics.NAME, input,
        List.of(ComputeAnalytics.WINDOW_STATS, ComputeAnalytics.TOP_PAGES, ComputeAnalytics.SESSIONS, ComputeAnalytics.DEAD_LETTER),
        runnerFlags,
        args -> AnalyticsPipeline.build(PipelineOptionsFactory.fromArgs(args).withValidation().as(AnalyticsOptions.class)));
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
