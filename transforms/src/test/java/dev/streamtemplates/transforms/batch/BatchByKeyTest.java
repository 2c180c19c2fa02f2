package dev.streamtemplates.transforms.batch;

import static dev.streamtemplates.testing.Timeline.at;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.testing.DoFnCalls;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class BatchByKeyTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** The key of "a1", "a2", "b1": its first letter. */
  private static final SerializableFunction<String, String> FIRST_LETTER = s -> s.substring(0, 1);

  private static final IntervalWindow TEN = new IntervalWindow(at("10:00:00"), at("10:01:00"));
  private static final IntervalWindow ELEVEN = new IntervalWindow(at("11:00:00"), at("11:01:00"));

  /** One batch as sent: "key [value@HH:mm:ss ...] @stamp in window". */
  private static String describe(
      KV<String, List<TimestampedValue<String>>> batch, Instant stamp, BoundedWindow window) {
    List<String> values = new ArrayList<>();
    for (TimestampedValue<String> v : batch.getValue()) {
      values.add(v.getValue() + "@" + time(v.getTimestamp()));
    }
    String in = window instanceof GlobalWindow ? "global" : time(((IntervalWindow) window).start());
    return batch.getKey() + " " + values + " @" + time(stamp) + " in " + in;
  }

  private static String time(Instant instant) {
    return instant.toString().substring(11, 19);
  }

  /** Runs one bundle of (value, time, window) through the DoFn; the batches it sends, in order. */
  private static List<String> oneBundle(BatchByKey.BatchFn<String> fn, Object... valueTimeWindow) {
    List<String> sent = new ArrayList<>();
    fn.startBundle();
    for (int i = 0; i < valueTimeWindow.length; i += 3) {
      BoundedWindow window = (BoundedWindow) valueTimeWindow[i + 2];
      fn.process(
          (String) valueTimeWindow[i],
          at((String) valueTimeWindow[i + 1]),
          window,
          // in the element's own window
          DoFnCalls.receiver((batch, stamp) -> sent.add(describe(batch, stamp, window))));
    }
    fn.finishBundle(
        DoFnCalls.finishBundle(fn, (batch, stamp, window) -> sent.add(describe(batch, stamp, window))));
    return sent;
  }

  private static BatchByKey.BatchFn<String> fn(int maxBatch, int maxBuffered) {
    BatchByKey.BatchFn<String> fn = new BatchByKey.BatchFn<>(FIRST_LETTER, maxBatch, maxBuffered);
    fn.setup();
    return fn;
  }

  @Test
  public void aBundlesElementsOfOneKeyGoAsOneBatchStampedWithTheEarliestEachKeepingItsTime() {
    List<String> sent = oneBundle(fn(100, 1_000),
        "a1", "10:00:20", TEN,
        "b1", "10:00:10", TEN,
        "a2", "10:00:05", TEN);
    assertThat(sent, containsInAnyOrder(
        "a [a1@10:00:20, a2@10:00:05] @10:00:05 in 10:00:00",
        "b [b1@10:00:10] @10:00:10 in 10:00:00"));
  }

  @Test
  public void aFullBatchGoesAtOnceTheRestAtTheEndOfTheBundleAndNothingCarriesOver() {
    BatchByKey.BatchFn<String> fn = fn(2, 1_000);
    assertThat(oneBundle(fn,
            "a1", "10:00:01", TEN,
            "a2", "10:00:02", TEN,
            "a3", "10:00:03", TEN),
        is(List.of(
            "a [a1@10:00:01, a2@10:00:02] @10:00:01 in 10:00:00",
            "a [a3@10:00:03] @10:00:03 in 10:00:00")));
    assertThat(oneBundle(fn, "a4", "10:00:04", TEN),
        is(List.of("a [a4@10:00:04] @10:00:04 in 10:00:00")));
  }

  @Test
  public void theSameKeyInTwoWindowsMakesTwoBatches() {
    assertThat(oneBundle(fn(100, 1_000),
            "a1", "10:00:01", TEN,
            "a2", "11:00:01", ELEVEN),
        containsInAnyOrder(
            "a [a1@10:00:01] @10:00:01 in 10:00:00",
            "a [a2@11:00:01] @11:00:01 in 11:00:00"));
  }

  @Test
  public void aBundleHoldingMaxBufferedElementsSendsThemAll() {
    assertThat(oneBundle(fn(100, 3),
            "a1", "10:00:01", TEN,
            "b1", "10:00:02", TEN,
            "a2", "10:00:03", TEN,
            "b2", "10:00:04", TEN),
        containsInAnyOrder(
            "a [a1@10:00:01, a2@10:00:03] @10:00:01 in 10:00:00",
            "b [b1@10:00:02] @10:00:02 in 10:00:00",
            "b [b2@10:00:04] @10:00:04 in 10:00:00"));
  }

  /** "key:value@time" for each element of a batch; " after!" if the batch is stamped later. */
  static final class UnbatchFn extends DoFn<KV<String, List<TimestampedValue<String>>>, String> {
    @ProcessElement
    public void process(
        @Element KV<String, List<TimestampedValue<String>>> batch,
        @Timestamp Instant stamp,
        OutputReceiver<String> out) {
      for (TimestampedValue<String> v : batch.getValue()) {
        String order = stamp.isAfter(v.getTimestamp()) ? " after!" : "";
        out.output(batch.getKey() + ":" + v.getValue() + "@" + time(v.getTimestamp()) + order);
      }
    }
  }

  /** On a runner: every element comes out of some batch of its key, with its own timestamp. */
  @Test
  public void onTheDirectRunnerEveryElementArrivesOnceUnderItsKeyWithItsTimestamp() {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .advanceWatermarkTo(at("10:00:00"))
            .addElements(
                TimestampedValue.of("a1", at("10:00:03")),
                TimestampedValue.of("b1", at("10:00:01")),
                TimestampedValue.of("a2", at("10:00:02")))
            .advanceWatermarkTo(at("10:00:30"))
            .addElements(TimestampedValue.of("a3", at("10:00:40")))
            .advanceWatermarkToInfinity();
    PCollection<String> unbatched =
        p.apply(stream)
            .apply(BatchByKey.of(FIRST_LETTER))
            .apply("Unbatch", ParDo.of(new UnbatchFn()));
    PAssert.that(unbatched)
        .containsInAnyOrder("a:a1@10:00:03", "b:b1@10:00:01", "a:a2@10:00:02", "a:a3@10:00:40");
    p.run();
  }
}
