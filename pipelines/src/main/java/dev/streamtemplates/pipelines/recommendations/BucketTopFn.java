package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.transforms.topk.TopKBySum;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Per bucket of items and window: sums each item's weight, and passes on the changes of the
 * bucket's top {@code k}, as {@code (key, (key, SCORES {item: change}))} for a single key
 * downstream.
 *
 * <p>An item lives in one bucket, with its whole sum, so the window's top {@code k} lies within
 * the union of its buckets' top {@code k}. Adding these changes up ({@link ChangeSums}) therefore
 * holds every candidate with its exact score, and ranking them gives the window's top {@code k}.
 * The single key sees a few changes per bucket and flush instead of every interaction.
 */
final class BucketTopFn extends DoFn<KV<String, KV<String, Long>>, KV<String, KV<String, ItemUpdate>>> {
  private final String key;
  private final int k;
  private final FlushSchedule schedule;

  @StateId("pending")
  private final StateSpec<BagState<KV<String, Long>>> pendingSpec =
      StateSpecs.bag(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  @StateId("sums")
  private final StateSpec<ValueState<Map<String, Long>>> sumsSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  @StateId("top")
  private final StateSpec<ValueState<Map<String, Long>>> topSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  @StateId("flags")
  private final StateSpec<ValueState<Integer>> flagsSpec = StateSpecs.value(VarIntCoder.of());

  @TimerId("onTime")
  private final TimerSpec onTimeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId("early")
  private final TimerSpec earlySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  /** @param key the downstream key all buckets send their changes to */
  BucketTopFn(String key, int k, FlushSchedule schedule) {
    this.key = key;
    this.k = k;
    this.schedule = schedule;
  }

  @Override
  @SuppressWarnings("deprecation") // the only way to stamp an early flush's output; see FlushSchedule
  public org.joda.time.Duration getAllowedTimestampSkew() {
    return FlushSchedule.EARLY_OUTPUT_SKEW;
  }

  @ProcessElement
  public void process(
      @Element KV<String, KV<String, Long>> element,
      BoundedWindow window,
      @StateId("pending") BagState<KV<String, Long>> pending,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("onTime") Timer onTime,
      @TimerId("early") Timer early) {
    pending.add(element.getValue());
    schedule.onElement(window, flags, onTime, early);
  }

  @OnTimer("early")
  public void onEarly(
      @StateId("pending") BagState<KV<String, Long>> pending,
      @StateId("sums") ValueState<Map<String, Long>> sums,
      @StateId("top") ValueState<Map<String, Long>> top,
      @StateId("flags") ValueState<Integer> flags,
      BoundedWindow window,
      OutputReceiver<KV<String, KV<String, ItemUpdate>>> out) {
    schedule.onEarlyFlush(flags);
    flush(pending, sums, top, FlushSchedule.atWindowEnd(out, window));
  }

  @OnTimer("onTime")
  public void onTime(
      @StateId("pending") BagState<KV<String, Long>> pending,
      @StateId("sums") ValueState<Map<String, Long>> sums,
      @StateId("top") ValueState<Map<String, Long>> top,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("early") Timer early,
      OutputReceiver<KV<String, KV<String, ItemUpdate>>> out) {
    schedule.onOnTimeFlush(flags, early);
    flush(pending, sums, top, out);
  }

  private void flush(
      BagState<KV<String, Long>> pending,
      ValueState<Map<String, Long>> sumsState,
      ValueState<Map<String, Long>> topState,
      OutputReceiver<KV<String, KV<String, ItemUpdate>>> out) {
    Map<String, Long> added = new HashMap<>();
    for (KV<String, Long> weight : pending.read()) {
      added.merge(weight.getKey(), weight.getValue(), Long::sum);
    }
    if (added.isEmpty()) {
      return;
    }
    pending.clear();
    Map<String, Long> read = sumsState.read();
    // A copy to update: what state hands out may be shared or read-only.
    Map<String, Long> sums = read == null ? new HashMap<>() : new HashMap<>(read);
    ItemUpdate.addInto(sums, added);
    sumsState.write(sums);

    List<KV<String, Long>> ranked = TopKBySum.top(sums, k);
    Map<String, Long> top = new HashMap<>();
    ranked.forEach(kv -> top.put(kv.getKey(), kv.getValue()));
    Map<String, Long> before = topState.read();
    Map<String, Long> changes = new HashMap<>(top);
    if (before != null) {
      for (Map.Entry<String, Long> e : before.entrySet()) {
        changes.merge(e.getKey(), -e.getValue(), Long::sum);
      }
    }
    changes.values().removeIf(change -> change == 0);
    if (!changes.isEmpty()) {
      topState.write(top);
      out.output(KV.of(key, KV.of(key, new ItemUpdate(ItemUpdate.Kind.SCORES, changes))));
    }
  }
}
