package dev.streamtemplates.pipelines.iot;

import static dev.streamtemplates.pipelines.FileRuns.sorted;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.pipelines.FileRuns;
import dev.streamtemplates.pipelines.TerraformSchemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The whole iot pipeline on the fixture: in one file, then shuffled and split, on Direct and on
 * Flink embedded. Every run must write exactly the records worked out in {@link IotFixture}.
 */
public class IotFilePipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FileRuns.Outcome run(String runnerFlags, boolean shuffled) throws Exception {
    List<String> input = new ArrayList<>(IotFixture.good());
    IotFixture.BAD.forEach(bad -> input.add(bad[0]));
    FileRuns.Outcome outcome = FileRuns.run(tmp, ComputeIot.NAME, input, shuffled, runnerFlags,
        args -> IotPipeline.build(PipelineOptionsFactory.fromArgs(args).withValidation().as(IotOptions.class)));
    assertThat(outcome.summary,
        is("iot: read=28 parsed=20 deadLettered=8 duplicates=2 droppedLate=0"));
    return outcome;
  }

  private static void assertExpected(FileRuns.Outcome outcome) {
    assertThat(outcome.lines(ComputeIot.SENSOR_STATS), is(sorted(IotFixture.SENSOR_STATS)));
    assertThat(outcome.lines(ComputeIot.ANOMALIES), is(sorted(IotFixture.ANOMALIES)));
    assertThat(outcome.lines(ComputeIot.DEVICE_SILENCE), is(sorted(IotFixture.DEVICE_SILENCE)));
    outcome.assertDeadLettered(ComputeIot.NAME, IotFixture.BAD);
  }

  @Test
  public void directRunnerWritesExactlyTheExpectedRecords() throws Exception {
    FileRuns.Outcome outcome = run("--runner=DirectRunner", false);
    assertExpected(outcome);
    TerraformSchemas.assertOutputsFit(ComputeIot.NAME, outcome.out); // the BigQuery tables take every record
  }

  @Test
  public void resultsDoNotDependOnLineOrderOrFileSplit() throws Exception {
    assertExpected(run("--runner=DirectRunner", true));
  }

  @Test
  public void flinkEmbeddedWritesTheSameRecordsAsDirect() throws Exception {
    assertExpected(run("--runner=FlinkRunner --flinkMaster=[local] --parallelism=2", true));
  }
}
