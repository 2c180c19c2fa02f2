package dev.streamtemplates.transforms;

import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/** A {@code @FinishBundle} context for calling a DoFn directly in a test. */
public final class BundleEnd {
  private BundleEnd() {}

  /** What the DoFn outputs at the end of its bundle. */
  @FunctionalInterface
  public interface Output<T> {
    void output(T value, Instant timestamp, BoundedWindow window);
  }

  /** A context that hands the main output to {@code out} (no other output is expected). */
  public static <InT, OutT> DoFn<InT, OutT>.FinishBundleContext context(
      DoFn<InT, OutT> fn, Output<OutT> out) {
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
