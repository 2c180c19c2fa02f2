package dev.streamtemplates.pipelines.fraud;

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
 * The whole fraud pipeline, main wiring and file IO included, on the fixture: in order in one
 * file, then shuffled and split over three files, on Direct and on Flink embedded. Every run
 * must write exactly the alerts worked out in {@link FraudFixture}.
 */
public class FraudFilePipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FileRuns.Outcome run(String runnerFlags, boolean shuffled) throws Exception {
    List<String> input = new ArrayList<>(FraudFixture.good());
    FraudFixture.BAD.forEach(bad -> input.add(bad[0]));
    // A day of duplicate memory: the fixture's resend of s1 comes 30 min after the original,
    // beyond the default 10-min horizon, where recognising it would depend on processing order.
    FileRuns.Outcome outcome = FileRuns.run(tmp, ComputeFraud.NAME, input, shuffled,
        runnerFlags + " --dedupHorizonSec=86400",
        args -> FraudPipeline.build(PipelineOptionsFactory.fromArgs(args).withValidation().as(FraudOptions.class)));
    assertThat(outcome.summary, is("fraud: read=45 parsed=33 deadLettered=12 duplicates=2 droppedLate=0"));
    return outcome;
  }

  private static void assertExpected(FileRuns.Outcome outcome) {
    assertThat(outcome.lines(ComputeFraud.ALERTS), is(sorted(FraudFixture.allAlerts())));
    outcome.assertDeadLettered(ComputeFraud.NAME, FraudFixture.BAD);
  }

  @Test
  public void directRunnerWritesExactlyTheExpectedAlerts() throws Exception {
    FileRuns.Outcome outcome = run("--runner=DirectRunner", false);
    assertExpected(outcome);
    TerraformSchemas.assertOutputsFit(ComputeFraud.NAME, outcome.out); // the BigQuery tables take every record
  }

  @Test
  public void alertsDoNotDependOnLineOrderOrFileSplit() throws Exception {
    assertExpected(run("--runner=DirectRunner", true));
  }

  @Test
  public void flinkEmbeddedWritesTheSameAlertsAsDirect() throws Exception {
    assertExpected(run("--runner=FlinkRunner --flinkMaster=[local] --parallelism=2", true));
  }
}
