package dev.streamtemplates.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

/** The step-by-step window-stats job runs with every step, so the figures quoted from it can be taken again. */
public class WindowStatsStepsTest {
  @Test
  public void everyStepRunsAndTheReadingIsFollowed() throws Exception {
    String line =
        WindowStatsSteps.run(
            new String[] {
              "--steps=lateness,dedup,trigger,sharded", "--runner=DirectRunner", "--source=synthetic",
              "--replay=true", "--maxEvents=400", "--seed=42",
              "--syntheticStartTime=2026-01-01T00:00:00Z"
            });
    JsonNode result = new ObjectMapper().readTree(line.substring(TrialReport.PREFIX.length()));
    assertThat(result.path("events").asLong(), is(400L));
    assertThat(result.path("steps").asText(), is("lateness,dedup,trigger,sharded"));
    assertThat(result.path("read10PercentSec").asDouble(), greaterThan(0.0));
    assertThat(
        result.path("read90PercentSec").asDouble(),
        greaterThan(result.path("read10PercentSec").asDouble() - 0.05));
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
