package dev.streamtemplates.pipelines.recommendations;

import static dev.streamtemplates.testing.Timeline.at;

import dev.streamtemplates.transforms.window.PaneLabel;
import dev.streamtemplates.transforms.window.WindowPolicy;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/**
 * Keys sharing a state bucket get panes as a trigger would give them, each its own: early panes
 * for the keys that changed, an on-time pane for every key, late panes for the keys that late
 * changes touched, and a pane index counted per key.
 */
public class ChangeSumsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static TimestampedValue<KV<String, KV<String, ItemUpdate>>> change(
      String key, String item, long change, String time) {
    return TimestampedValue.of(
        KV.of("b0", KV.of(key, ItemUpdate.of(ItemUpdate.Kind.SCORES, item, change))), at(time));
  }

  @Test
  public void keysSharingABucketGetTheirOwnEarlyOnTimeAndLatePanes() {
    TestStream<KV<String, KV<String, ItemUpdate>>> changes =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), ItemUpdate.Coder.of())))
            .advanceWatermarkTo(at("10:00:00"))
            .addElements(change("k1", "x", 1, "10:00:01"), change("k2", "y", 2, "10:00:02"))
            .advanceProcessingTime(Duration.standardSeconds(40))
            .addElements(change("k1", "x", 1, "10:10:00")) // k1 only: k2 gets no early pane
            .advanceProcessingTime(Duration.standardSeconds(40))
            .advanceWatermarkTo(at("11:01:00")) // on time: both, changed or not
            .addElements(change("k3", "z", 1, "10:59:30"), change("k1", "x", 1, "10:59:40"))
            .advanceWatermarkTo(at("11:02:00")) // late: the keys the late changes touched
            .advanceWatermarkToInfinity();
    WindowPolicy policy = WindowPolicy.of(Duration.standardMinutes(5), Duration.standardSeconds(30));
    PCollection<KV<String, KV<String, ItemUpdate>>> input = p.apply(changes);
    PCollection<String> panes =
        input
            .apply(policy.windowing(input, FixedWindows.of(Duration.standardHours(1))))
            .apply(ParDo.of(new ChangeSums(new FlushSchedule(true, Duration.standardSeconds(30)))))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ChangeSums.Pane.Coder.INSTANCE))
            .apply(MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + " "
                + new TreeMap<>(kv.getValue().sums.counts) + " " + PaneLabel.timing(kv.getValue().pane)
                + " " + PaneLabel.index(kv.getValue().pane)));
    PAssert.that(panes).containsInAnyOrder(
        "k1 {x=1} EARLY 0",
        "k2 {y=2} EARLY 0",
        "k1 {x=2} EARLY 1",
        "k1 {x=2} ON_TIME 2",
        "k2 {y=2} ON_TIME 1",
        "k1 {x=3} LATE 3",
        "k3 {z=1} LATE 0"); // its first pane, late: its bucket's on-time pane was already written
    p.run();
  }
}
