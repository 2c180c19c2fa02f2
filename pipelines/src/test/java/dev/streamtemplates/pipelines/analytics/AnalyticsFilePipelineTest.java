package dev.streamtemplates.pipelines.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.pipelines.TerraformSchemas;
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
 * The whole pipeline, main wiring and file IO included, on a fixture whose outputs are written
 * out by hand: in order and in one file, then shuffled and split over three files, on the Direct
 * runner and on the Flink runner embedded. Every run must give exactly the expected records.
 */
public class AnalyticsFilePipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static List<String> input() {
    List<String> lines = new ArrayList<>(AnalyticsFixture.GOOD);
    for (String[] bad : AnalyticsFixture.BAD) {
      lines.add(bad[0]);
    }
    return lines;
  }

  private Path runOn(String runnerFlags, boolean shuffled) throws Exception {
    Path in = tmp.newFolder().toPath();
    Path out = tmp.newFolder().toPath();
    if (shuffled) {
      FixtureFiles.writeShuffledAndSplit(in, input(), 3, 7);
    } else {
      FixtureFiles.write(in, "events.jsonl", input());
    }
    List<String> args = new ArrayList<>(List.of(
        "--source=file", "--inputPath=" + in + "/*.jsonl", "--sink=file", "--outputPath=" + out));
    Collections.addAll(args, runnerFlags.split(" "));
    AnalyticsOptions options = PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation().as(AnalyticsOptions.class);
    Pipeline pipeline = AnalyticsPipeline.build(options);
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish(), is(PipelineResult.State.DONE));
    Map<String, Long> counters = PipelineCounters.query(result.metrics(), ComputeAnalytics.NAME);
    assertThat(PipelineCounters.summaryLine(ComputeAnalytics.NAME, counters),
        is("analytics: read=21 parsed=11 deadLettered=10 duplicates=2 droppedLate=0"));
    return out;
  }

  private static void assertExpectedOutputs(Path out) {
    assertThat(FixtureFiles.readAllLines(out.resolve("window-stats")), is(sorted(AnalyticsFixture.WINDOW_STATS)));
    assertThat(FixtureFiles.readAllLines(out.resolve("top-pages")), is(sorted(AnalyticsFixture.TOP_PAGES)));
    assertThat(FixtureFiles.readAllLines(out.resolve("sessions")), is(sorted(AnalyticsFixture.SESSIONS)));
    List<String> deadLetters = FixtureFiles.readAllLines(out.resolve("dead-letter"));
    assertThat(deadLetters.size(), is(AnalyticsFixture.BAD.size()));
    for (String[] bad : AnalyticsFixture.BAD) {
      JsonNode letter = deadLetters.stream().map(JsonFields::parse)
          .filter(d -> d.get("payload").textValue().equals(bad[0])).findFirst()
          .orElseThrow(() -> new AssertionError("not dead-lettered: " + bad[0]));
      assertThat(letter.get("pipeline").textValue(), is("analytics"));
      assertThat(letter.get("error").textValue(), containsString(bad[1]));
      assertThat(letter.get("processedAt").textValue().endsWith("Z"), is(true));
    }
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    Collections.sort(copy);
    return copy;
  }

  @Test
  public void directRunnerGivesTheExpectedOutputs() throws Exception {
    Path out = runOn("--runner=DirectRunner", false);
    assertExpectedOutputs(out);
    TerraformSchemas.assertOutputsFit(ComputeAnalytics.NAME, out); // the BigQuery tables take every record
  }

  @Test
  public void resultsDoNotDependOnLineOrderOrFileSplit() throws Exception {
    assertExpectedOutputs(runOn("--runner=DirectRunner", true));
  }

  @Test
  public void flinkEmbeddedGivesTheSameOutputsAsDirect() throws Exception {
    assertExpectedOutputs(runOn("--runner=FlinkRunner --flinkMaster=[local] --parallelism=2", true));
  }

  @Test
  public void outputsChoosesWhatIsComputedAndDeadLettersAreAlwaysWritten() throws Exception {
    Path out = runOn("--runner=DirectRunner --outputs=sessions,window-stats", true);
    assertThat(FixtureFiles.readAllLines(out.resolve("window-stats")), is(sorted(AnalyticsFixture.WINDOW_STATS)));
    assertThat(FixtureFiles.readAllLines(out.resolve("sessions")), is(sorted(AnalyticsFixture.SESSIONS)));
    assertThat(FixtureFiles.readAllLines(out.resolve("dead-letter")).size(), is(AnalyticsFixture.BAD.size()));
    assertThat(out.resolve("top-pages").toFile().exists(), is(false));
  }

  @Test
  public void anUnknownOutputIsRefusedByName() {
    AnalyticsOptions options = PipelineOptionsFactory.fromArgs("--outputs=window-stats,top-page")
        .as(AnalyticsOptions.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AnalyticsPipeline.build(options));
    assertThat(e.getMessage(), containsString("--outputs names an unknown output 'top-page'"));
  }
}
