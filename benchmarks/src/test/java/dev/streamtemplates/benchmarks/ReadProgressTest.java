package dev.streamtemplates.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Map;
import org.junit.Test;

public class ReadProgressTest {
  private static final double RATE = 100;

  @Test
  public void aReadingOnScheduleIsNotBehindHoweverLongTheFlushAfterIt() {
    ReadProgress progress = new ReadProgress(250, TrialReport.start());
    progress.record(1.0, 0);
    progress.record(2.0, 50); // the first records: the schedule starts here
    progress.record(3.0, 150);
    progress.record(4.0, 250);
    progress.record(5.0, 300); // the last record
    progress.record(9.0, 300); // the flush: not counted as behind
    Map<String, Object> figures = progress.figures(RATE, 9.5);
    assertThat(figures.get("firstReadSec"), is(2.0));
    assertThat(figures.get("lastReadSec"), is(5.0));
    assertThat(figures.get("readingSec"), is(3.0));
    assertThat(figures.get("maxBehindSec"), is(0.0)); // record n read by n / 100 s after the first
    assertThat(figures.get("afterLastReadSec"), is(4.5));
  }

  @Test
  public void aReadingThatDriftsReportsTheMostItWasBehind() {
    ReadProgress progress = new ReadProgress(250, TrialReport.start());
    progress.record(1.0, 10);
    progress.record(11.0, 810); // 1,000 due: 2 s behind
    progress.record(21.0, 1410); // 2,000 due: 5.9 s behind
    progress.record(24.0, 2010); // caught up to 3.9 s behind
    Map<String, Object> figures = progress.figures(RATE, 25.0);
    assertThat(figures.get("maxBehindSec"), is(5.9));
    assertThat(figures.get("readingSec"), is(23.0));
  }
}
