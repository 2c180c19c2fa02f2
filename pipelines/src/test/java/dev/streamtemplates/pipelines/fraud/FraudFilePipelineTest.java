package dev.streamtemplates.pipelines.fraud;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.testing.FixtureFiles;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
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

  private static List<String> input() {
    List<String> lines = new ArrayList<>(FraudFixture.good());
    for (String[] bad : FraudFixture.BAD) {
      lines.add(bad[0]);
    }
    return lines;
  }

  private Path runOn(String runnerFlags, boolean shuffled) throws Exception {
    Path in = tmp.newFolder().toPath();
    Path out = tmp.newFolder().toPath();
    if (shuffled) {
      FixtureFiles.writeShuffledAndSplit(in, input(), 3, 11);
    } else {
      FixtureFiles.write(in, "transactions.jsonl", input());
    }
    List<String> args = new ArrayList<>(List.of(
        "--source=file", "--inputPath=" + in + "/*.jsonl", "--sink=file", "--outputPath=" + out));
    Collections.addAll(args, runnerFlags.split(" "));
    FraudOptions options = PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation().as(FraudOptions.class);
    Pipeline pipeline = FraudPipeline.build(options);
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish(), is(PipelineResult.State.DONE));
    Map<String, Long> counters = PipelineCounters.query(result.metrics(), ComputeFraud.NAME);
    assertThat(PipelineCounters.summaryLine(ComputeFraud.NAME, counters),
        is("fraud: read=45 parsed=33 deadLettered=12 duplicates=2 droppedLate=0"));
    return out;
  }

  private static void assertExpectedOutputs(Path out) {
    List<String> expected = new ArrayList<>(FraudFixture.allAlerts());
    Collections.sort(expected);
    assertThat(FixtureFiles.readAllLines(out.resolve("alerts")), is(expected));
    List<String> deadLetters = FixtureFiles.readAllLines(out.resolve("dead-letter"));
    assertThat(deadLetters.size(), is(FraudFixture.BAD.size()));
    for (String[] bad : FraudFixture.BAD) {
      JsonNode letter = deadLetters.stream().map(JsonFields::parse)
          .filter(d -> d.get("payload").textValue().equals(bad[0])).findFirst()
          .orElseThrow(() -> new AssertionError("not dead-lettered: " + bad[0]));
      assertThat(letter.get("pipeline").textValue(), is("fraud"));
      assertThat(letter.get("error").textValue(), containsString(bad[1]));
    }
  }

  @Test
  public void directRunnerWritesExactlyTheExpectedAlerts() throws Exception {
    assertExpectedOutputs(runOn("--runner=DirectRunner", false));
  }

  @Test
  public void alertsDoNotDependOnLineOrderOrFileSplit() throws Exception {
    assertExpectedOutputs(runOn("--runner=DirectRunner", true));
  }

  @Test
  public void flinkEmbeddedWritesTheSameAlertsAsDirect() throws Exception {
    assertExpectedOutputs(runOn("--runner=FlinkRunner --flinkMaster=[local] --parallelism=2", true));
  }
}
