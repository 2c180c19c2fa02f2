package dev.streamtemplates.transforms.window;

import java.io.Serializable;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * When windows emit results. Passed in, never hard-coded, so a test uses seconds and production
 * minutes with the same composite.
 *
 * <ul>
 *   <li>Bounded input: one final pane per key and window, when all input has been read.
 *   <li>Unbounded input: early panes every {@code earlyFiring} of processing time while the window
 *       is open, the on-time pane when the watermark passes its end, then a late pane for each
 *       late record within the allowed lateness (for each bundle of late records, after a {@code
 *       ShardedCombine}, which combines a bundle before its trigger sees it). Panes accumulate, so each one carries the whole
 *       result so far and a downstream upsert by (key, window) converges to the final value.
 * </ul>
 */
public final class WindowPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Duration allowedLateness;
  private final Duration earlyFiring;

  private WindowPolicy(Duration allowedLateness, Duration earlyFiring) {
    this.allowedLateness = allowedLateness;
    this.earlyFiring = earlyFiring;
  }

  public static WindowPolicy of(Duration allowedLateness, Duration earlyFiring) {
    if (!(!allowedLateness.isShorterThan(Duration.ZERO))) {
      throw new IllegalArgumentException("allowed lateness must be >= 0");
    }
    if (!(earlyFiring.isLongerThan(Duration.ZERO))) {
      throw new IllegalArgumentException("early firing period must be > 0");
    }
    return new WindowPolicy(allowedLateness, earlyFiring);
  }

  /** The policy the options ask for ({@code --allowedLatenessSec}, {@code --earlyFiringSec}). */
  public static WindowPolicy from(EventTimeOptions options) {
    EventTimeOptions.validate(options);
    return of(
        Duration.standardSeconds(options.getAllowedLatenessSec()),
        Duration.standardSeconds(options.getEarlyFiringSec()));
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  public Duration earlyFiring() {
    return earlyFiring;
  }

  /** The {@link Window} transform for this input: its boundedness picks final-only or panes. */
  public <T> Window<T> windowing(PCollection<T> input, WindowFn<? super T, ?> windowFn) {
    Window<T> window = Window.into(windowFn);
    if (input.isBounded() == PCollection.IsBounded.BOUNDED) {
      return window;
    }
    return window
        .triggering(
            AfterWatermark.pastEndOfWindow()
                .withEarlyFirings(
                    AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring))
                .withLateFirings(AfterPane.elementCountAtLeast(1)))
        .withAllowedLateness(allowedLateness, Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
        .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_ALWAYS)
        .accumulatingFiredPanes();
  }

  /** The contract's window end: start + size, not Beam's inclusive {@code maxTimestamp()}. */
  public static long windowEndMillis(BoundedWindow window) {
    return window.maxTimestamp().getMillis() + 1;
  }
}
