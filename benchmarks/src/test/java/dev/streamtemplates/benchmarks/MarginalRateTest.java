package dev.streamtemplates.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

public class MarginalRateTest {
  private static JsonNode runs(long events, double... seconds) {
    ObjectNode entry = Bench.JSON.createObjectNode();
    ArrayNode trials = entry.putArray("trials");
    for (double s : seconds) {
      trials.addObject().put("events", events).put("seconds", s);
    }
    return entry;
  }

  @Test
  public void theRateBetweenTwoSizesLeavesTheFixedCostOut() {
    // 20 s fixed, then 50,000 events/s: the whole-run rates are 25,000 and 37,500 events/s.
    JsonNode shorter = runs(1_000_000, 41.0, 40.0, 39.0);
    JsonNode longer = runs(3_000_000, 80.0, 79.0, 81.0);
    assertThat(Bench.marginalRate(shorter, longer), is(50_000L));
  }

  @Test
  public void runsTooCloseInTimeGiveNoRate() {
    assertThat(Bench.marginalRate(runs(100, 5.0), runs(300, 5.2)), is(-1L));
    assertThat(Bench.marginalRate(runs(100, 5.0), runs(300, 4.0)), is(-1L));
  }
}
