package dev.streamtemplates.benchmarks.latency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class LatencySettingsTest {
  @Test
  public void unknownOptionsGoToThePipeline() {
    LatencySettings settings = LatencySettings.parse("--rates=500,1000", "--objectReuse=true");
    assertThat(settings.rates, is(List.of(500.0, 1000.0)));
    assertThat(settings.pipelineOptions, is(Map.of("objectReuse", "true")));
    assertThat(settings.tailSec(), is(10L));
  }

  @Test
  public void optionsTheBenchmarkSetsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LatencySettings.parse("--inputTopic=mine"));
    assertThat(e.getMessage(), containsString("--inputTopic is set by the benchmark"));
  }

  @Test
  public void aBadRateIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LatencySettings.parse("--rates=500,fast"));
    assertThat(e.getMessage(), containsString("--rates"));
  }
}
