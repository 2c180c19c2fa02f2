package dev.streamtemplates.benchmarks.latency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The kept-up verdict of one step, from made-up sends and answers over a 30 s window. */
public class StepResultTest {
  private static final long SEC = TimeUnit.SECONDS.toNanos(1);
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long START = 1_000 * SEC;

  /** 1,000/s for 30 s, one probe a second answered after {@code latencyMs(second)}. */
  private static StepRecord step(java.util.function.LongUnaryOperator latencyMs) {
    StepRecord record = new StepRecord(1_000);
    record.window(START, START + 30 * SEC);
    for (int i = 0; i < 30_000; i++) {
      record.generated();
    }
    for (int s = 0; s < 30; s++) {
      String card = "c-latency-probe-" + s;
      record.probeSent(card, START + s * SEC);
      long latency = latencyMs.applyAsLong(s);
      if (latency >= 0) {
        record.probeAnswered(card, latency * MS);
      }
      record.alert((latency >= 0 ? latency : 5_000) * MS, 20, false);
    }
    return record;
  }

  @Test
  public void steadyLatencyKeepsUp() {
    StepResult result = StepResult.of(step(s -> 5_200 + (s % 3) * 100), 1_000);
    assertThat(result.fallingBehind.toString(), result.keptUp(), is(true));
    assertThat(result.probeP50FirstThirdMs, is(5_300L));
  }

  @Test
  public void latencyGrowingOverTheWindowIsFallingBehind() {
    StepResult result = StepResult.of(step(s -> 5_000 + s * 100), 1_000);
    assertThat(result.keptUp(), is(false));
    assertThat(result.fallingBehind.get(0), containsString("probe latency grew"));
  }

  @Test
  public void anUnansweredProbeIsFallingBehind() {
    StepResult result = StepResult.of(step(s -> s == 29 ? -1 : 5_000), 1_000);
    assertThat(result.keptUp(), is(false));
    assertThat(result.fallingBehind.get(0), containsString("1 of 30 probes got no alert"));
  }

  @Test
  public void aProducerShortOfTheRateSustainsNothing() {
    StepRecord record = new StepRecord(2_000); // sent 1,000/s of 2,000/s
    StepRecord full = step(s -> 5_000);
    record.window(full.windowStartNanos(), full.windowEndNanos());
    for (int i = 0; i < 30_000; i++) {
      record.generated();
    }
    full.probeSentNanos().forEach(record::probeSent);
    full.probeLatencyNanos().forEach(record::probeAnswered);
    StepResult result = StepResult.of(record, 1_000);
    assertThat(result.keptUp(), is(false));
    assertThat(result.fallingBehind.get(0), containsString("the producer sent only 1000/s of 2000/s"));
  }

  @Test
  public void percentilesAreNearestRank() {
    long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(StepResult.percentile(sorted, 50), is(50L));
    assertThat(StepResult.percentile(sorted, 95), is(100L));
    assertThat(StepResult.percentile(sorted, 99), is(100L));
    assertThat(StepResult.percentile(new long[] {7}, 99), is(7L));
  }
}
