package dev.streamtemplates.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

/** The step-by-step window-stats job runs the steps asked for, so the figures quoted from it can be taken again. */
public class WindowStatsStepsTest {
  private static JsonNode run(String steps) throws Exception {
    String line =
        WindowStatsSteps.run(
            new String[] {
              "--steps=" + steps, "--runner=DirectRunner", "--source=synthetic", "--replay=true",
              "--maxEvents=400", "--seed=42", "--syntheticStartTime=2026-01-01T00:00:00Z"
            });
    return new ObjectMapper().readTree(line.substring(TrialReport.PREFIX.length()));
  }

  @Test
  public void theStepsAskedForRunAndTheReadingIsFollowed() throws Exception {
    JsonNode all = run("lateness,dedup,trigger,sharded");
    assertThat(all.path("events").asLong(), is(400L));
    assertThat(all.path("read10PercentSec").asDouble(), greaterThan(0.0));
    assertThat(all.path("read90PercentSec").asDouble(),
        greaterThanOrEqualTo(all.path("read10PercentSec").asDouble()));
    // ParseJson dead-letters the generator's malformed lines; dedup counts its duplicates.
    JsonNode counters = all.path("counters");
    assertThat(counters.path("parsed").asLong() + counters.path("deadLettered").asLong(), is(400L));
    assertThat(counters.path("deadLettered").asLong(), greaterThan(0L));
    assertThat(counters.has("duplicates"), is(true));

    // Without them, neither step ran: no parse or dedup counters at all.
    JsonNode floor = run("");
    assertThat(floor.path("events").asLong(), is(400L));
    assertThat(floor.path("counters").path("parsed").asLong(), is(0L));
    assertThat(floor.path("counters").has("duplicates"), is(false));
  }

  @Test
  public void anUnknownStepIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowStatsSteps.run(new String[] {"--steps=dedupe", "--maxEvents=10"}));
    assertThat(e.getMessage().contains("unknown step dedupe"), is(true));
  }
}
