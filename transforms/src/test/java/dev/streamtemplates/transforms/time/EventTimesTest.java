package dev.streamtemplates.transforms.time;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.lang.reflect.Proxy;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;
import org.junit.Test;

public class EventTimesTest {
  /** An event-time timer whose relative time (the input watermark) is {@code watermark}. */
  private static Timer timerAt(long watermark) {
    return (Timer)
        Proxy.newProxyInstance(
            Timer.class.getClassLoader(),
            new Class<?>[] {Timer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getCurrentRelativeTime")) {
                return new Instant(watermark);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  public void theWatermarkIsTheTimersRelativeTimeOrAtLeastTheFiringsTime() {
    assertThat(EventTimes.watermarkReached(new Instant(1_000), timerAt(5_000)), is(5_000L));
    // The portable harness gives the firing's hold, never later than the firing.
    assertThat(EventTimes.watermarkReached(new Instant(1_000), timerAt(400)), is(1_000L));
  }

  @Test
  public void flinksLastWatermarkIsBeamsEndOfTimeSoCallersCanAddToIt() {
    long end = BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis();
    assertThat(EventTimes.watermarkReached(new Instant(1_000), timerAt(Long.MAX_VALUE)), is(end));
  }

  @Test
  public void secondsAreAsExactAsTheMilliseconds() {
    assertThat(EventTimes.seconds(300_000), is("300 s"));
    assertThat(EventTimes.seconds(300_500), is("300.5 s"));
    assertThat(EventTimes.seconds(570_159), is("570.159 s"));
  }
}
