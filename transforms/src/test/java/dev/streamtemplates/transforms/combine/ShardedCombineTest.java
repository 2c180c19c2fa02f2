package dev.streamtemplates.transforms.combine;

import static org.junit.Assert.assertThrows;

import dev.streamtemplates.transforms.window.WindowPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The two-stage global combine gives the panes a one-stage combine would: early, on time and late,
 * each carrying the whole window so far, nothing counted twice however the input was sharded.
 */
public class ShardedCombineTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final IntervalWindow MINUTE_0 = new IntervalWindow(T0, Duration.standardMinutes(1));
  private static final WindowPolicy POLICY =
      WindowPolicy.of(Duration.standardMinutes(5), Duration.standardSeconds(10));

  private static TimestampedValue<String> at(String value, int second) {
    return TimestampedValue.of(value, T0.plus(Duration.standardSeconds(second)));
  }

  private PCollection<String> combined(TestStream<String> stream, int shards) {
    PCollection<String> input = p.apply(stream);
    return input
        .apply(POLICY.windowing(input, FixedWindows.of(Duration.standardMinutes(1))))
        .apply(ShardedCombine.globally(new CountDistinctFn()).withShards(shards))
        .apply(ParDo.of(new LabelPaneFn()));
  }

  @Test
  public void panesAreEarlyOnTimeAndLateEachWithTheWholeWindowSoFar() {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(at("a", 5), at("b", 10))
            .addElements(at("a", 20)) // a second bundle: maybe another shard
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(30)))
            .advanceProcessingTime(Duration.standardSeconds(2)) // the shards forward partials
            .advanceProcessingTime(Duration.standardSeconds(11)) // the caller's early pane
            .addElements(at("c", 50))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(90))) // on time
            .addElements(at("d", 15)) // late, within the lateness
            .addElements(at("a", 25)) // late again
            .advanceWatermarkToInfinity();
    PCollection<String> panes = combined(stream, 4);

    PAssert.that(panes)
        .inWindow(MINUTE_0)
        .containsInAnyOrder(
            "EARLY#0 count=3 distinct=[a, b]",
            "ON_TIME#1 count=4 distinct=[a, b, c]",
            "LATE#2 count=5 distinct=[a, b, c, d]",
            "LATE#3 count=6 distinct=[a, b, c, d]");
    p.run();
  }

  @Test
  public void manyBundlesOverManyShardsAreCountedOnceEach() {
    TestStream.Builder<String> stream = TestStream.create(StringUtf8Coder.of());
    for (int i = 0; i < 40; i++) {
      stream = stream.addElements(at("u" + (i % 7), i), at("u" + (i % 7), i)); // 40 bundles
    }
    PCollection<String> panes =
        combined(stream.advanceWatermarkToInfinity(), ShardedCombine.DEFAULT_SHARDS);
    PAssert.that(panes)
        .inOnTimePane(MINUTE_0)
        .containsInAnyOrder("ON_TIME#0 count=80 distinct=[u0, u1, u2, u3, u4, u5, u6]");
    p.run();
  }

  @Test
  public void aBundleIsCombinedWindowByWindowBeforeItIsSharded() {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(at("a", 5), at("b", 65), at("c", 10), at("b", 70), at("a", 59)) // one bundle
            .addElements(at("d", 61))
            .advanceWatermarkToInfinity();
    PCollection<String> panes = combined(stream, 4);
    PAssert.that(panes)
        .inOnTimePane(MINUTE_0)
        .containsInAnyOrder("ON_TIME#0 count=3 distinct=[a, c]");
    PAssert.that(panes)
        .inOnTimePane(new IntervalWindow(MINUTE_0.end(), Duration.standardMinutes(1)))
        .containsInAnyOrder("ON_TIME#0 count=3 distinct=[b, d]");
    p.run();
  }

  @Test
  public void lateElementsOfOneBundleMakeOneLatePaneAndLateBundlesOneEach() {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(at("a", 5))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(90))) // on time
            .addElements(at("b", 15), at("c", 40)) // late, one bundle: combined before the shards
            .addElements(at("d", 25)) // late, another bundle
            .advanceWatermarkToInfinity();
    PAssert.that(combined(stream, 4))
        .inWindow(MINUTE_0)
        .containsInAnyOrder(
            "ON_TIME#0 count=1 distinct=[a]",
            "LATE#1 count=3 distinct=[a, b, c]",
            "LATE#2 count=4 distinct=[a, b, c, d]");
    p.run();
  }

  @Test
  public void theCallersEarliestOrLatestTimestampCombinerSeesTheElementsTimestamps() {
    PAssert.that(stampedBy(TimestampCombiner.EARLIEST))
        .inOnTimePane(MINUTE_0)
        .containsInAnyOrder("count=7 distinct=[a, b, c, d] at " + T0.plus(Duration.standardSeconds(12)));
    PAssert.that(stampedBy(TimestampCombiner.LATEST))
        .inOnTimePane(MINUTE_0)
        .containsInAnyOrder("count=7 distinct=[a, b, c, d] at " + T0.plus(Duration.standardSeconds(40)));
    p.run();
  }

  /** Two bundles, each with its earliest and latest in the middle; combined in four shards. */
  private PCollection<String> stampedBy(TimestampCombiner combiner) {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(at("a", 30), at("b", 12), at("c", 40), at("d", 20))
            .addElements(at("a", 25), at("b", 35), at("c", 15))
            .advanceWatermarkToInfinity();
    PCollection<String> input = p.apply(combiner + "Input", stream);
    return input
        .apply(
            combiner + "Windows",
            POLICY
                .windowing(input, FixedWindows.of(Duration.standardMinutes(1)))
                .withTimestampCombiner(combiner))
        .apply(combiner + "Combine", ShardedCombine.globally(new CountDistinctFn()).withShards(4))
        .apply(combiner + "Stamp", ParDo.of(new LabelTimestampFn()));
  }

  @Test
  public void boundedInputIsOneFinalPanePerWindow() {
    PCollection<String> input =
        p.apply(Create.timestamped(at("a", 1), at("b", 2), at("a", 61)).withCoder(StringUtf8Coder.of()));
    PCollection<String> panes =
        input
            .apply(POLICY.windowing(input, FixedWindows.of(Duration.standardMinutes(1))))
            .apply(ShardedCombine.globally(new CountDistinctFn()))
            .apply(ParDo.of(new LabelPaneFn()));
    PAssert.that(panes)
        .containsInAnyOrder("ON_TIME#0 count=2 distinct=[a, b]", "ON_TIME#0 count=1 distinct=[a]");
    p.run();
  }

  @Test
  public void mergingWindowsAreCombinedInOneStage() {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(at("a", 1), at("b", 20))
            .addElements(at("a", 30))
            .advanceWatermarkToInfinity();
    PCollection<String> input =
        p.apply(stream).apply(Window.into(Sessions.withGapDuration(Duration.standardMinutes(1))));
    PAssert.that(input.apply(ShardedCombine.globally(new CountDistinctFn())))
        .containsInAnyOrder("count=3 distinct=[a, b]");
    p.run();
  }

  @Test
  public void aShardCountBelowOneIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ShardedCombine.globally(new CountDistinctFn()).withShards(0));
  }

  /** "output at timestamp". */
  static final class LabelTimestampFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String output, @Timestamp Instant at, OutputReceiver<String> out) {
      out.output(output + " at " + at);
    }
  }

  /** "TIMING#index output". */
  static final class LabelPaneFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String output, PaneInfo pane, OutputReceiver<String> out) {
      out.output(pane.getTiming() + "#" + pane.getIndex() + " " + output);
    }
  }

  /** Elements and distinct values; merges in place, as the pipelines' combiners do. */
  static final class CountDistinctFn extends Combine.CombineFn<String, CountDistinctFn.Acc, String> {
    static final class Acc {
      long count;
      final TreeSet<String> distinct = new TreeSet<>();
    }

    @Override
    public Acc createAccumulator() {
      return new Acc();
    }

    @Override
    public Acc addInput(Acc acc, String input) {
      acc.count++;
      acc.distinct.add(input);
      return acc;
    }

    @Override
    public Acc mergeAccumulators(Iterable<Acc> accs) {
      Iterator<Acc> it = accs.iterator();
      Acc merged = it.next();
      while (it.hasNext()) {
        Acc next = it.next();
        merged.count += next.count;
        merged.distinct.addAll(next.distinct);
      }
      return merged;
    }

    @Override
    public String extractOutput(Acc acc) {
      return "count=" + acc.count + " distinct=" + acc.distinct;
    }

    @Override
    public Coder<Acc> getAccumulatorCoder(CoderRegistry registry, Coder<String> input) {
      return new CustomCoder<Acc>() {
        @Override
        public void encode(Acc acc, OutputStream out) throws IOException {
          VarLongCoder.of().encode(acc.count, out);
          VarIntCoder.of().encode(acc.distinct.size(), out);
          for (String s : acc.distinct) {
            StringUtf8Coder.of().encode(s, out);
          }
        }

        @Override
        public Acc decode(InputStream in) throws IOException {
          Acc acc = new Acc();
          acc.count = VarLongCoder.of().decode(in);
          int n = VarIntCoder.of().decode(in);
          List<String> values = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            values.add(StringUtf8Coder.of().decode(in));
          }
          acc.distinct.addAll(values);
          return acc;
        }
      };
    }

    @Override
    public Coder<String> getDefaultOutputCoder(CoderRegistry registry, Coder<String> input) {
      return StringUtf8Coder.of();
    }
  }
}
