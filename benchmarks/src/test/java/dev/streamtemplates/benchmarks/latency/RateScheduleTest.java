package dev.streamtemplates.benchmarks.latency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import org.junit.Test;

/** Record indexes continue across steps, each step keeping its own rate and start. */
public class RateScheduleTest {
  @Test
  public void eachIndexIsDueInItsOwnSegment() {
    RateSchedule schedule = new RateSchedule(FraudPipeline.generator(), 42);
    schedule.startSegment(0, 10_000, 100);    // 100/s from t = 10 s
    schedule.startSegment(500, 60_000, 1_000); // then 1,000/s from t = 60 s
    assertThat(schedule.nominalTimeMillis(0), is(10_000L));
    assertThat(schedule.nominalTimeMillis(499), is(14_990L)); // an earlier record, for a retransmission
    assertThat(schedule.nominalTimeMillis(500), is(60_000L));
    assertThat(schedule.nominalTimeMillis(1_500), is(61_000L));
  }
}
