package dev.streamtemplates.transforms.order;

import dev.streamtemplates.testing.Timeline;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableComparator;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The ordering engine with a probe evaluator that writes down what each element saw: the ids
 * before it, the simultaneous ones after it, and whether it was late.
 *
 * <p>Every test runs with the default buckets, with 5 (where keys j and k have buckets of their
 * own) and with 1, where all keys share state and timers: the results must be the same. (j and
 * k share a bucket for every power-of-two count, the default included.)
 */
@RunWith(Parameterized.class)
public class OrderByEventTimeTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Parameters(name = "buckets={0}")
  public static List<Integer> buckets() {
    return List.of(OrderByEventTime.DEFAULT_BUCKETS, 5, 1);
  }

  @Parameter public int buckets;

  private static final SerializableComparator<String> BY_ID = String::compareTo;

  /** {@code id@HH:mm:ss} for key k. */
  private static String element(String key, String id, String time) {
    return "{\"key\":\"" + key + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + Timeline.iso(time) + "\"}";
  }

  private static String field(String line, String name) {
    int start = line.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return line.substring(start, line.indexOf('"', start));
  }

  /** Kind 0: "key/id before=[...] same=[...]" (+ " late"); kind 1: "id follows x" once an id x* precedes it. */
  static final class Probe implements SequenceEvaluator<String, String> {
    @Override
    public void evaluate(
        String key, List<TimestampedValue<String>> sequence, int current, boolean late,
        Results<String> out) {
      TimestampedValue<String> self = sequence.get(current);
      StringBuilder before = new StringBuilder();
      boolean followsX = false;
      for (int i = 0; i < current; i++) {
        before.append(i == 0 ? "" : ",").append(sequence.get(i).getValue());
        followsX |= sequence.get(i).getValue().startsWith("x");
      }
      StringBuilder same = new StringBuilder();
      for (int i = current + 1;
          i < sequence.size() && sequence.get(i).getTimestamp().equals(self.getTimestamp());
          i++) {
        same.append(same.length() == 0 ? "" : ",").append(sequence.get(i).getValue());
      }
      out.emit(0, key + "/" + self.getValue() + " before=[" + before + "] same=[" + same + "]"
          + (late ? " late" : ""));
      if (followsX) {
        out.emit(1, key + "/" + self.getValue() + " follows x" + (late ? " late" : ""));
      }
    }
  }

  private PCollection<String> ordered(Timeline timeline, OrderByEventTime<String, String> order) {
    return p.apply(timeline.end())
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via(line -> KV.of(field(line, "key"), field(line, "id"))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(order.inBuckets(buckets));
  }

  private static OrderByEventTime<String, String> probe() {
    return OrderByEventTime.of("test", new Probe(), StringUtf8Coder.of(), BY_ID)
        .keeping(3, Duration.standardMinutes(1))
        .withAllowedLateness(Duration.standardMinutes(5));
  }

  @Test
  public void elementsAreEvaluatedInEventTimeOrderWhateverTheArrivalOrder() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "c", "10:00:30"), element("k", "a", "10:00:10"), element("j", "z", "10:00:20"),
            element("k", "b", "10:00:20"))
        .watermark("10:01:00"), probe());
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "k/b before=[a] same=[]",
        "k/c before=[a,b] same=[]",
        "j/z before=[] same=[]");
    p.run();
  }

  @Test
  public void simultaneousElementsSeeEachOtherInIdOrder() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "b", "10:00:10"), element("k", "c", "10:00:10"), element("k", "a", "10:00:10")),
        probe());
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[b,c]",
        "k/b before=[a] same=[c]",
        "k/c before=[a,b] same=[]");
    p.run();
  }

  /**
   * One firing goes on through the pending times the watermark has passed, but not through one
   * it has only reached: an element at the watermark may still get a simultaneous sibling.
   */
  @Test
  public void anElementAtTheWatermarkWaitsForItsSimultaneousSiblings() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:10"), element("k", "b", "10:00:40"), element("k", "c", "10:01:00"))
        .watermark("10:01:00") // passes a and b, reaches c
        .add(element("k", "d", "10:01:00")) // c's sibling, on time
        .watermark("10:02:00"), probe());
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "k/b before=[a] same=[]",
        "k/c before=[a,b] same=[d]",
        "k/d before=[a,b,c] same=[]");
    p.run();
  }

  @Test
  public void aLateElementIsEvaluatedAgainstItsTrueHistoryAndLaterOnesOnlyAddNewResults() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:10"), element("k", "c", "10:00:40"))
        .watermark("10:01:00") // a and c evaluated
        .add(element("k", "xb", "10:00:20")) // late: between them
        .watermark("10:02:00"), probe());
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "k/c before=[a] same=[]",
        "k/xb before=[a] same=[] late", // its true history: a, not c
        "k/c follows x late"); // c's new past adds a result; its kind-0 result is not repeated
    p.run();
  }

  @Test
  public void aLateElementAtTheSameInstantIsSeenByItsSimultaneousSiblings() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "y", "10:00:10"))
        .watermark("10:01:00")
        .add(element("k", "x", "10:00:10")), probe());
    PAssert.that(out).containsInAnyOrder(
        "k/y before=[] same=[]",
        "k/x before=[] same=[y] late",
        "k/y follows x late");
    p.run();
  }

  @Test
  public void historyKeepsTheLastCountAndEverythingWithinTheWindow() {
    // keeping(3, 1 min) with 5 min lateness: when evaluation reaches 10:20, elements from 10:15
    // may still come, each needing its 3 predecessors and the minute before it: a and b can go.
    // Until then everything within the lateness is kept (e still sees a).
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("k", "b", "10:01:00"), element("k", "c", "10:02:00"),
            element("k", "d", "10:03:00"), element("k", "e", "10:04:00"))
        .watermark("10:20:00")
        .add(element("k", "f", "10:20:00"))
        .watermark("10:21:00"), probe());
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "k/b before=[a] same=[]",
        "k/c before=[a,b] same=[]",
        "k/d before=[a,b,c] same=[]",
        "k/e before=[a,b,c,d] same=[]",
        "k/f before=[c,d,e] same=[]");
    p.run();
  }

  @Test
  public void aKeyInactiveBeyondTheHorizonIsForgotten() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("j", "a", "10:25:00"))
        .watermark("10:30:00")
        .add(element("k", "b", "10:30:00")) // 30 min after k's last: beyond the 10-min horizon
        .add(element("j", "b", "10:30:00")) // 5 min after j's last: within it
        .watermark("10:40:00"),
        probe().forgettingKeysAfter(Duration.standardMinutes(10)));
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "k/b before=[] same=[]",
        "j/a before=[] same=[]",
        "j/b before=[a] same=[]");
    p.run();
  }

  /**
   * k's forget time comes while j, in the same bucket (every run but 5 buckets), is not due and
   * has nothing pending: only its own forget time may clear j.
   */
  @Test
  public void aForgottenKeyLeavesTheOtherKeysOfItsBucketAlone() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("j", "a", "10:05:00"))
        .watermark("10:06:00")
        .watermark("10:12:00") // past 10:10, k's forget time; j's is 10:15
        .add(element("k", "b", "10:13:00"), element("j", "b", "10:13:00"))
        .watermark("10:20:00"),
        probe().forgettingKeysAfter(Duration.standardMinutes(10)));
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "j/a before=[] same=[]",
        "k/b before=[] same=[]",
        "j/b before=[a] same=[]");
    p.run();
  }

  /**
   * k's forget time comes while j, sharing its bucket, has a later element pending: j's element
   * does not keep k (k's own newest element decides).
   */
  @Test
  public void anotherKeysPendingElementDoesNotKeepAKeyFromBeingForgotten() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("j", "a", "10:05:00"), element("j", "b", "10:30:00"))
        .watermark("10:12:00") // past 10:10, k's forget time; j's b still pending
        .add(element("k", "b", "10:13:00"))
        .watermark("10:40:00"),
        probe().forgettingKeysAfter(Duration.standardMinutes(10)));
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "j/a before=[] same=[]",
        "k/b before=[] same=[]",
        "j/b before=[a] same=[]");
    p.run();
  }

  /**
   * The forget timer is set once per history and moved on when it fires: a key active past its
   * first forget time keeps its history as long as no gap exceeds the horizon.
   */
  @Test
  public void aKeyActiveThroughItsFirstForgetTimeKeepsItsHistoryUntilAGapBeyondTheHorizon() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("k", "b", "10:08:00"))
        .watermark("10:12:00") // past 10:10, a's forget time: b was 4 min ago
        .add(element("k", "c", "10:16:00"))
        .watermark("10:20:00") // past 10:18, b's: c was 4 min ago
        .add(element("k", "d", "10:25:00"))
        .watermark("10:40:00") // past 10:35: d was 15 min ago
        .add(element("k", "e", "10:41:00"))
        .watermark("10:50:00"),
        probe().forgettingKeysAfter(Duration.standardMinutes(10)));
    PAssert.that(out).containsInAnyOrder(
        "k/a before=[] same=[]",
        "k/b before=[a] same=[]",
        "k/c before=[a,b] same=[]",
        "k/d before=[a,b,c] same=[]",
        "k/e before=[] same=[]");
    p.run();
  }

  /** Gaps longer than 2 min: found by the idle timer, or by the element after the gap. */
  static final class GapProbe implements SequenceEvaluator<String, String> {
    static final long GAP = 120_000;

    @Override
    public void evaluate(
        String key, List<TimestampedValue<String>> sequence, int current, boolean late,
        Results<String> out) {
      if (current > 0) {
        TimestampedValue<String> previous = sequence.get(current - 1);
        long gap = sequence.get(current).getTimestamp().getMillis() - previous.getTimestamp().getMillis();
        if (gap > GAP) {
          out.emitFor(current - 1, 0, key + " silent after " + previous.getValue());
          out.emit(1, key + " back with " + sequence.get(current).getValue());
        }
      }
    }

    @Override
    public void onIdle(String key, List<TimestampedValue<String>> sequence, Results<String> out) {
      out.emit(0, key + " silent after " + sequence.get(sequence.size() - 1).getValue());
    }
  }

  @Test
  public void aKeyIdleLongerThanTheTimeoutIsReportedOnceWhetherTheTimerOrTheNextElementSeesItFirst() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("k", "b", "10:01:00"),
            element("k", "c", "10:03:00"), // exactly 2 min after b: not a gap
            element("j", "x", "10:00:00"))
        .watermark("10:06:00") // k idle after c (10:05:00.001 passed); j idle after x
        .add(element("k", "d", "10:07:00")) // k speaks again
        .add(element("j", "y", "10:01:00")), // late, within the gap j was reported for
        OrderByEventTime.of("test", new GapProbe(), StringUtf8Coder.of(), BY_ID)
            .withAllowedLateness(Duration.standardMinutes(10))
            .withIdleTimeout(Duration.standardMinutes(2)));
    PAssert.that(out).containsInAnyOrder(
        "k silent after c",
        "k back with d",
        "k silent after d", // the end of input counts as silence
        "j silent after x", // written before y arrived: results are not taken back
        "j silent after y");
    p.run();
  }

  /**
   * The watermark jumps over a gap at once: the idle time inside it still comes before the
   * element after the gap is evaluated, as it would with a firing per time, so the silence is
   * reported by the idle timer, at its time.
   */
  @Test
  public void anIdleTimeInsideAWatermarkJumpKeepsItsTurn() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("k", "b", "10:05:00"))
        .watermark("10:06:00"), // passes a, k's idle time (10:02:00.001) and b at once
        OrderByEventTime.of("test", new GapProbe(), StringUtf8Coder.of(), BY_ID)
            .withAllowedLateness(Duration.standardMinutes(10))
            .withIdleTimeout(Duration.standardMinutes(2)));
    PAssert.that(out.apply(ParDo.of(new StampFn()))).containsInAnyOrder(
        "k silent after a @ 2026-11-23T10:02:00.001Z",
        "k back with b @ 2026-11-23T10:05:00.000Z",
        "k silent after b @ 2026-11-23T10:07:00.001Z"); // the end of input counts as silence
    p.run();
  }

  /** "result @ its timestamp". */
  static final class StampFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String result, @Timestamp Instant at, OutputReceiver<String> out) {
      out.output(result + " @ " + at);
    }
  }

  /**
   * k speaks before its idle time, so the bucket's firing at that time (set for k, earlier than
   * j's) reports nothing; j and then k go idle later, each reported once.
   */
  @Test
  public void aKeyThatSpokeBeforeItsIdleTimeIsNotReportedByItsBucketsEarlierTimer() {
    PCollection<String> out = ordered(Timeline.start("10:00:00")
        .add(element("k", "a", "10:00:00"), element("j", "x", "10:01:00"))
        .watermark("10:01:30")
        .add(element("k", "b", "10:01:45"))
        .watermark("10:02:30") // past 10:02:00.001, k's first idle time: k spoke at 10:01:45
        .watermark("10:03:30") // past 10:03:00.001: j idle after x
        .add(element("k", "c", "10:03:40"))
        .watermark("10:04:00"),
        OrderByEventTime.of("test", new GapProbe(), StringUtf8Coder.of(), BY_ID)
            .withAllowedLateness(Duration.standardMinutes(10))
            .withIdleTimeout(Duration.standardMinutes(2)));
    PAssert.that(out).containsInAnyOrder("j silent after x", "k silent after c");
    p.run();
  }
}
