package dev.streamtemplates.pipelines.recommendations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;

/**
 * Per bucket of keys and window (see {@link KeyBuckets}): adds up each key's {@link ItemUpdate}s
 * — the counts ({@code NEIGHBOURS}, {@code SCORES}) and, apart, the items a user interacted with —
 * and writes each key's sums in accumulating panes, labelled as a trigger would label them:
 *
 * <ul>
 *   <li>{@code EARLY}, in streaming runs, {@code earlyDelay} of processing time after the first
 *       change that reached the bucket since its last pane: one pane for each key that changed;
 *   <li>{@code ON_TIME} when the watermark passes the window's end: one pane for every key of the
 *       bucket with sums in the window, changed or not (the only pane of a bounded run);
 *   <li>{@code LATE} at the next advance of the watermark after late changes: one pane for each key
 *       that changed.
 * </ul>
 *
 * <p>{@code paneIndex} counts each key's panes (0, 1, 2, ...), whatever its bucket did. Keeping the
 * sums in a stateful step rather than a {@code GroupByKey} with a trigger keeps one sum per key in
 * state instead of every change, and one pair of timers per bucket instead of per key.
 */
final class ChangeSums extends DoFn<KV<String, KV<String, ItemUpdate>>, KV<String, ChangeSums.Pane>> {
  private final FlushSchedule schedule;

  @StateId("pending")
  private final StateSpec<BagState<KV<String, ItemUpdate>>> pendingSpec =
      StateSpecs.bag(KvCoder.of(StringUtf8Coder.of(), ItemUpdate.Coder.of()));

  @StateId("sums")
  private final StateSpec<ValueState<Map<String, Sums>>> sumsSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), Sums.Coder.INSTANCE));

  @StateId("flags")
  private final StateSpec<ValueState<Integer>> flagsSpec = StateSpecs.value(VarIntCoder.of());

  @TimerId("onTime")
  private final TimerSpec onTimeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId("early")
  private final TimerSpec earlySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  ChangeSums(FlushSchedule schedule) {
    this.schedule = schedule;
  }

  @Override
  @SuppressWarnings("deprecation") // the only way to stamp an early pane; see FlushSchedule
  public org.joda.time.Duration getAllowedTimestampSkew() {
    return FlushSchedule.EARLY_OUTPUT_SKEW;
  }

  @ProcessElement
  public void process(
      @Element KV<String, KV<String, ItemUpdate>> element,
      BoundedWindow window,
      @StateId("pending") BagState<KV<String, ItemUpdate>> pending,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("onTime") Timer onTime,
      @TimerId("early") Timer early) {
    pending.add(element.getValue());
    schedule.onElement(window, flags, onTime, early);
  }

  @OnTimer("early")
  public void onEarly(
      @StateId("pending") BagState<KV<String, ItemUpdate>> pending,
      @StateId("sums") ValueState<Map<String, Sums>> sums,
      @StateId("flags") ValueState<Integer> flags,
      BoundedWindow window,
      OutputReceiver<KV<String, Pane>> out) {
    schedule.onEarlyFlush(flags);
    flush(PaneInfo.Timing.EARLY, pending, sums, FlushSchedule.atWindowEnd(out, window));
  }

  @OnTimer("onTime")
  public void onTime(
      @StateId("pending") BagState<KV<String, ItemUpdate>> pending,
      @StateId("sums") ValueState<Map<String, Sums>> sums,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("early") Timer early,
      OutputReceiver<KV<String, Pane>> out) {
    boolean onTime = schedule.onOnTimeFlush(flags, early);
    flush(onTime ? PaneInfo.Timing.ON_TIME : PaneInfo.Timing.LATE, pending, sums, out);
  }

  private void flush(
      PaneInfo.Timing timing,
      BagState<KV<String, ItemUpdate>> pending,
      ValueState<Map<String, Sums>> sumsState,
      OutputReceiver<KV<String, Pane>> out) {
    Map<String, Sums> changes = new HashMap<>();
    for (KV<String, ItemUpdate> update : pending.read()) {
      changes.computeIfAbsent(update.getKey(), k -> Sums.copyOf(null)).add(update.getValue());
    }
    if (changes.isEmpty() && timing != PaneInfo.Timing.ON_TIME) {
      return;
    }
    pending.clear();
    Map<String, Sums> read = sumsState.read();
    // A copy to update: what state hands out may be shared or read-only. Entries are replaced,
    // never changed in place.
    Map<String, Sums> sums = read == null ? new HashMap<>() : new HashMap<>(read);
    for (Map.Entry<String, Sums> e : changes.entrySet()) {
      Sums s = Sums.copyOf(sums.get(e.getKey()));
      s.add(e.getValue());
      sums.put(e.getKey(), s);
    }
    if (sums.isEmpty()) {
      return;
    }
    // On time, every key with sums gets a pane; early and late, those that changed.
    Iterable<String> keys = timing == PaneInfo.Timing.ON_TIME ? new ArrayList<>(sums.keySet()) : changes.keySet();
    for (String key : keys) {
      Sums s = sums.get(key);
      out.output(KV.of(key, new Pane(s, pane(s, timing))));
      sums.put(key, s.afterPane(timing));
    }
    sumsState.write(sums);
  }

  /** The pane a key's {@code sums} are written in. */
  private PaneInfo pane(Sums sums, PaneInfo.Timing timing) {
    boolean last = !schedule.streaming(); // a bounded run writes one pane per key and window
    long onTimeIndex = timing == PaneInfo.Timing.EARLY ? -1 : sums.panes - sums.earlyPanes;
    return PaneInfo.createPane(sums.panes == 0, last, timing, sums.panes, onTimeIndex);
  }

  /**
   * One key's sums in a window: counts by item, the items interacted with (for users), and how
   * many panes (and of those, early ones) the key has been written in.
   */
  static final class Sums {
    final Map<String, Long> counts;
    final Map<String, Long> interacted;
    final int panes;
    final int earlyPanes;

    Sums(Map<String, Long> counts, Map<String, Long> interacted, int panes, int earlyPanes) {
      this.counts = counts;
      this.interacted = interacted;
      this.panes = panes;
      this.earlyPanes = earlyPanes;
    }

    /** A copy to add changes to; empty for a key without sums yet. */
    static Sums copyOf(Sums sums) {
      return sums == null
          ? new Sums(new HashMap<>(), new HashMap<>(), 0, 0)
          : new Sums(new HashMap<>(sums.counts), new HashMap<>(sums.interacted), sums.panes, sums.earlyPanes);
    }

    void add(ItemUpdate update) {
      if (update.kind() == ItemUpdate.Kind.INTERACTED) {
        interacted.putAll(update.changes());
      } else {
        ItemUpdate.addInto(counts, update.changes());
      }
    }

    void add(Sums changes) {
      ItemUpdate.addInto(counts, changes.counts);
      interacted.putAll(changes.interacted);
    }

    /** The same sums, with one more pane written. */
    Sums afterPane(PaneInfo.Timing timing) {
      return new Sums(counts, interacted, panes + 1, earlyPanes + (timing == PaneInfo.Timing.EARLY ? 1 : 0));
    }

    /** Items with a count of at least 1 that are not among those interacted with. */
    Map<String, Long> candidates() {
      Map<String, Long> candidates = new HashMap<>();
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        if (e.getValue() >= 1 && !interacted.containsKey(e.getKey())) {
          candidates.put(e.getKey(), e.getValue());
        }
      }
      return candidates;
    }

    static final class Coder extends CustomCoder<Sums> {
      private static final long serialVersionUID = 1L;
      static final Coder INSTANCE = new Coder();

      @Override
      public void encode(Sums sums, OutputStream out) throws IOException {
        ItemUpdate.Coder.encodeChanges(sums.counts, out);
        ItemUpdate.Coder.encodeChanges(sums.interacted, out);
        VarInt.encode(sums.panes, out);
        VarInt.encode(sums.earlyPanes, out);
      }

      @Override
      public Sums decode(InputStream in) throws IOException {
        return new Sums(
            ItemUpdate.Coder.decodeChanges(in),
            ItemUpdate.Coder.decodeChanges(in),
            VarInt.decodeInt(in),
            VarInt.decodeInt(in));
      }
    }
  }

  /** A key's sums as written in one pane. */
  static final class Pane {
    final Sums sums;
    final PaneInfo pane;

    Pane(Sums sums, PaneInfo pane) {
      this.sums = sums;
      this.pane = pane;
    }

    static final class Coder extends CustomCoder<Pane> {
      private static final long serialVersionUID = 1L;
      static final Coder INSTANCE = new Coder();
      private static final PaneInfo.PaneInfoCoder PANE = PaneInfo.PaneInfoCoder.INSTANCE;

      @Override
      public void encode(Pane value, OutputStream out) throws IOException {
        Sums.Coder.INSTANCE.encode(value.sums, out);
        PANE.encode(value.pane, out);
      }

      @Override
      public Pane decode(InputStream in) throws IOException {
        return new Pane(Sums.Coder.INSTANCE.decode(in), PANE.decode(in));
      }
    }
  }
}
