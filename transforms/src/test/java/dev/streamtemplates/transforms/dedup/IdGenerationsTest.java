package dev.streamtemplates.transforms.dedup;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import org.joda.time.Duration;
import org.junit.Test;

public class IdGenerationsTest {
  @Test
  public void anIdIsRememberedForAtLeastTheHorizonAndAtMostHalfAsLongAgain() {
    for (long horizon : new long[] {1, 2, 7, 1_000, 600_000, 600_001}) {
      IdGenerations generations = IdGenerations.of(Duration.millis(horizon));
      for (long time = -2 * horizon - 3; time <= 3 * horizon + 3; time++) {
        long remembered = generations.forgetAt(generations.at(time)) - time;
        // Generations are whole milliseconds: for an odd horizon, half of it rounds up.
        assertThat(
            "horizon " + horizon + ", emitted at " + time,
            remembered,
            allOf(greaterThanOrEqualTo(horizon), lessThanOrEqualTo(3 * ((horizon + 1) / 2))));
      }
    }
  }

  @Test
  public void generationsAreHalfAHorizonFromTheEpochAndEndBeforeTimeZeroForNegativeTimes() {
    IdGenerations generations = IdGenerations.of(Duration.standardMinutes(10));
    assertThat(generations.at(0), is(0L));
    assertThat(generations.at(299_999), is(0L));
    assertThat(generations.at(300_000), is(1L));
    assertThat(generations.at(-1), is(-1L));
    assertThat(generations.forgetAt(0), is(900_000L)); // 10 minutes after the end of 0:00-0:05
  }
}
