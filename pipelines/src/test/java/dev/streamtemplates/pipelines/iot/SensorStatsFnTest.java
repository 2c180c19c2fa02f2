package dev.streamtemplates.pipelines.iot;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.Test;

/** The one-pass statistics: exact where the textbook formula cancels, and merge-order free. */
public class SensorStatsFnTest {
  private static SensorStatsFn.Stats of(double... values) {
    SensorStatsFn.Stats stats = new SensorStatsFn.Stats();
    for (double v : values) {
      stats.add(v);
    }
    return stats;
  }

  @Test
  public void varianceOfLargeValuesWithSmallNoiseDoesNotCancel() {
    // sum(x^2)/n - mean^2 gives garbage here (1e18 magnitudes); population stddev is sqrt(1.25).
    SensorStatsFn.Stats stats = of(1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4);
    assertThat(stats.mean, is(1e9 + 2.5));
    assertThat(stats.stddev(), closeTo(Math.sqrt(1.25), 1e-9));
    assertThat(stats.min, is(1e9 + 1));
    assertThat(stats.max, is(1e9 + 4));
  }

  @Test
  public void mergingPartialResultsGivesTheSameAsOnePass() {
    SensorStatsFn fn = new SensorStatsFn();
    SensorStatsFn.Stats merged =
        fn.mergeAccumulators(List.of(of(1e9 + 1), of(), of(1e9 + 2, 1e9 + 3), of(1e9 + 4)));
    SensorStatsFn.Stats whole = of(1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4);
    assertThat(merged.count, is(4L));
    assertThat(merged.mean, closeTo(whole.mean, 1e-6));
    assertThat(merged.stddev(), closeTo(whole.stddev(), 1e-9));
    assertThat(merged.min, is(whole.min));
    assertThat(merged.max, is(whole.max));
  }

  @Test
  public void oneValueHasZeroDeviation() {
    assertThat(of(21.5).stddev(), is(0.0));
  }
}
