package dev.streamtemplates.pipelines.recommendations;

import java.io.Serializable;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;

/**
 * When a per-window stateful stage passes on what it has buffered: once when the watermark
 * reaches the end of the window (the only flush of a bounded run, so it sees all of the window's
 * input at once), and in streaming runs also {@code earlyDelay} of processing time after new input
 * while the window is open. Output of either flush carries the window's end as its timestamp, so it
 * lands in the same window downstream and is on time: while an early flush is armed, so is the
 * on-time one, whose timer holds the output watermark at the window's end.
 *
 * <p>One small state cell of flags per state key (a bucket of users or items, see {@link
 * KeyBuckets}) and window, read once per element, so a busy key does not pay a timer write per
 * element.
 */
final class FlushSchedule implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int ON_TIME_ARMED = 1;
  private static final int EARLY_ARMED = 2;
  private static final int ON_TIME_DONE = 4;

  private final boolean streaming;
  private final Duration earlyDelay;

  FlushSchedule(boolean streaming, Duration earlyDelay) {
    this.streaming = streaming;
    this.earlyDelay = earlyDelay;
  }

  /** After buffering an element: arms whichever flushes are not armed yet. */
  void onElement(BoundedWindow window, ValueState<Integer> flags, Timer onTime, Timer early) {
    Integer read = flags.read();
    int f = read == null ? 0 : read;
    int updated = f;
    if ((f & ON_TIME_ARMED) == 0) {
      // After the on-time flush this is a late element: the timer is behind the watermark and
      // fires at its next advance.
      onTime.set(window.maxTimestamp());
      updated |= ON_TIME_ARMED;
    }
    if (streaming && (f & (EARLY_ARMED | ON_TIME_DONE)) == 0) {
      // No watermark hold: the armed on-time timer already holds the output watermark at the
      // window's end, and a hold left by a cleared processing-time timer kept Flink's output
      // watermark from ever passing it.
      early.withNoOutputTimestamp().offset(earlyDelay).setRelative();
      updated |= EARLY_ARMED;
    }
    if (updated != f) {
      flags.write(updated);
    }
  }

  /** Where an early flush sends its output: stamped with the window's end. */
  static <T> DoFn.OutputReceiver<T> atWindowEnd(DoFn.OutputReceiver<T> out, BoundedWindow window) {
    return new DoFn.OutputReceiver<T>() {
      @Override
      public void output(T value) {
        out.outputWithTimestamp(value, window.maxTimestamp());
      }

      @Override
      public void outputWithTimestamp(T value, org.joda.time.Instant timestamp) {
        out.outputWithTimestamp(value, timestamp);
      }
    };
  }

  /**
   * The skew a DoFn using this schedule must allow: an early flush's timer has no output
   * timestamp of its own (it would hold the watermark), so its output names one explicitly.
   */
  static final Duration EARLY_OUTPUT_SKEW = Duration.millis(Long.MAX_VALUE);

  void onEarlyFlush(ValueState<Integer> flags) {
    Integer f = flags.read();
    flags.write((f == null ? 0 : f) & ~EARLY_ARMED);
  }

  boolean streaming() {
    return streaming;
  }

  /**
   * Returns whether this is the window's first on-time flush for this state key; later ones flush
   * late input (the timer is re-armed behind the watermark and fires at its next advance).
   */
  boolean onOnTimeFlush(ValueState<Integer> flags, Timer early) {
    Integer f = flags.read();
    if (f != null && (f & EARLY_ARMED) != 0) {
      early.clear(); // nothing left for it, and its watermark hold would delay the next stage
    }
    flags.write(ON_TIME_DONE);
    return f == null || (f & ON_TIME_DONE) == 0;
  }
}
