package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.pipelines.KafkaRuns;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The fixture through a real Kafka broker, in streaming mode: the same records as from files. */
public class IotKafkaTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private void run(String runnerFlags) throws Exception {
    List<String> input = new ArrayList<>(IotFixture.good());
    IotFixture.BAD.forEach(bad -> input.add(bad[0]));
    KafkaRuns.assertSameAsFileRun(tmp, ComputeIot.NAME, input,
        List.of(ComputeIot.SENSOR_STATS, ComputeIot.ANOMALIES, ComputeIot.DEVICE_SILENCE, ComputeIot.DEAD_LETTER),
        runnerFlags,
        args -> IotPipeline.build(PipelineOptionsFactory.fromArgs(args).withValidation().as(IotOptions.class)));
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
