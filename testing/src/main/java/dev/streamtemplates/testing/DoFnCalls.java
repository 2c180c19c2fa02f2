package dev.streamtemplates.testing;

import java.util.function.BiConsumer;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/**
 * What a test needs to call a DoFn's methods directly, without a runner: an output receiver and a
 * {@code @FinishBundle} context that hand the main output to the test.
 */
public final class DoFnCalls {
  private DoFnCalls() {}

  /** What the DoFn outputs at the end of its bundle. */
  @FunctionalInterface
  public interface BundleOutput<T> {
    void output(T value, Instant timestamp, BoundedWindow window);
  }

  /**
   * A receiver that hands each output and its timestamp to {@code out}; an output without a
   * timestamp fails the test (the DoFns tested this way always give one).
   */
  public static <T> DoFn.OutputReceiver<T> receiver(BiConsumer<T, Instant> out) {
    return new DoFn.OutputReceiver<>() {
      @Override
      public void output(T value) {
        throw new AssertionError("an output without a timestamp: " + value);
      }

      @Override
      public void outputWithTimestamp(T value, Instant timestamp) {
        out.accept(value, timestamp);
      }
    };
  }

  /** A finish-bundle context that hands the main output to {@code out} (no other is expected). */
  public static <InT, OutT> DoFn<InT, OutT>.FinishBundleContext finishBundle(
      DoFn<InT, OutT> fn, BundleOutput<OutT> out) {
    return fn.new FinishBundleContext() {
      @Override
      public PipelineOptions getPipelineOptions() {
        return PipelineOptionsFactory.create();
      }

      @Override
      public void output(OutT value, Instant timestamp, BoundedWindow window) {
        out.output(value, timestamp, window);
      }

      @Override
      public <T> void output(TupleTag<T> tag, T output, Instant timestamp, BoundedWindow window) {
        throw new UnsupportedOperationException("unexpected output to " + tag);
      }
    };
  }
}
