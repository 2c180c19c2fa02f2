package dev.streamtemplates.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * make bench end to end on a tiny input, so the harness cannot rot: trials in their own JVMs on
 * both runners, the native baseline, the memory runs and the keep-up check, then the page (its
 * hand-written prose kept) and the chart. No figure is judged: only that each was measured.
 */
public class BenchSmokeTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aTinyBenchMeasuresEveryPartAndRewritesOnlyTheGeneratedPartOfThePage() throws Exception {
    Path docs = tmp.newFolder("docs").toPath();
    Path page = docs.resolve("BENCHMARKS.md");
    Files.writeString(page, "# Benchmarks\n\nProse above.\n\n" + BenchReport.BEGIN + "\nstale\n"
        + BenchReport.END + "\n\n## What each change bought\n\nProse below.\n");

    Bench.Plan plan = Bench.Plan.parse(new String[] {
        "--pipelines=fraud", "--runners=direct,flink", "--reps=1", "--scale=0.002",
        "--parts=throughput,baseline,memory,keepup", "--docs=" + docs});
    JsonNode results = Bench.run(plan);

    for (String runner : new String[] {"direct", "flink"}) {
      JsonNode trial = results.path("throughput").path("fraud/" + runner).path("trials").path(0);
      assertThat(runner, trial.path("events").asLong(), is(plan.events(Bench.EVENTS, "fraud/" + runner)));
      assertThat(runner, trial.path("eventsPerSec").asLong(), greaterThan(0L));
      assertThat(runner, trial.path("cpuSec").asDouble(), greaterThan(0.0));
      JsonNode counters = trial.path("counters");
      assertThat(runner, counters.path("read").asLong(), is(trial.path("events").asLong()));
      assertThat(runner, counters.path("parsed").asLong() + counters.path("deadLettered").asLong(),
          is(counters.path("read").asLong()));
    }
    JsonNode velocity = results.path("baseline").path("velocity");
    assertThat(velocity.path("native").path("trials").path(0).path("events").asLong(), greaterThan(0L));
    assertThat(velocity.path("beam").path("trials").path(0).path("events").asLong(), greaterThan(0L));
    // The second sizes, for the rate once warmed up: a shorter native run, a longer Beam one.
    assertThat(velocity.path("nativeShort").path("trials").path(0).path("events").asLong(),
        lessThan(velocity.path("native").path("trials").path(0).path("events").asLong()));
    assertThat(velocity.path("beamLong").path("trials").path(0).path("events").asLong(),
        is(Bench.BEAM_LONG_FACTOR * velocity.path("beam").path("trials").path(0).path("events").asLong()));
    assertThat(results.path("baseline").has("window-stats"), is(false)); // analytics was not asked for
    JsonNode memory = results.path("memory").path("fraud");
    assertThat(memory.path("x10").path("events").asLong(), is(10 * memory.path("x1").path("events").asLong()));
    assertThat(memory.path("x10").path("maxLiveHeapMb").asLong(), greaterThan(0L));
    // Both runs forget cards within the short run, or the long one could not show the timers work.
    for (String run : List.of("x1", "x10")) {
      assertThat(run, memory.path(run).path("command").asText(),
          containsString(String.join(" ", Bench.MEMORY_ARGS.get("fraud"))));
    }
    JsonNode keepUp = results.path("keepup").path("fraud");
    assertThat(keepUp.path("events").asLong(), greaterThan(0L));
    // The reading was followed while the run went on: its first record came after the start.
    assertThat(keepUp.path("firstReadSec").asDouble(), greaterThan(0.0));
    assertThat(keepUp.path("afterLastReadSec").asDouble(), greaterThan(0.0));
    assertThat(keepUp.path("seconds").asDouble(),
        greaterThan(keepUp.path("firstReadSec").asDouble() + keepUp.path("readingSec").asDouble()));

    String text = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(text, containsString("Prose above."));
    assertThat(text, containsString("## What each change bought\n\nProse below."));
    assertThat(text.contains("stale"), is(false));
    assertThat(text, containsString("| fraud | Direct | "));
    assertThat(text, containsString("| pipeline | events | due s | first record s | reading s |"));
    assertThat(text, containsString("| fraud | Flink embedded | "));
    assertThat(text, containsString("| velocity | "));
    assertThat(Files.exists(docs.resolve("benchmarks").resolve("results.json")), is(true));
    BufferedImage chart = ImageIO.read(docs.resolve("benchmarks").resolve("throughput.png").toFile());
    assertThat(chart.getWidth(), is(BenchChart.WIDTH)); // a PNG that decodes, as drawn
  }
}
