package dev.streamtemplates.pipelines.recommendations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
 * Per user and window: the user's distinct items, and the changes they make to co-occurrence.
 *
 * <p>Input: {@code (userId, interaction)} in the similarity windows. At each flush (see {@link
 * FlushSchedule}) the user's capped item set — the {@code maxItems} most recently interacted with,
 * ties by itemId — is compared with the set last passed on, and only the difference leaves:
 *
 * <ul>
 *   <li>{@code (a, NEIGHBOURS {b: ±1})} for every ordered pair that entered or left the set,
 *   <li>{@code (k, USERS {user: ±1})} for every item that entered or left it,
 *   <li>{@code (user, INTERACTED {items})} for items the user had not touched before in the window
 *       (all of them, not only the capped ones: a user is never recommended what they touched).
 * </ul>
 *
 * So the sums downstream always equal the pairs of the current sets, whatever the arrival order,
 * and a bounded run, flushing once, emits each pair exactly once. State lives until the window
 * expires (its end plus the allowed lateness); a user over the cap is counted once per window in
 * {@code usersOverItemCap}.
 */
final class UserItemsFn extends DoFn<KV<String, Interaction>, KV<String, ItemUpdate>> {
  /** Most recent first, then itemId ascending. */
  private static final Comparator<Map.Entry<String, Long>> RECENT_FIRST =
      Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
          .reversed()
          .thenComparing(Map.Entry::getKey);

  private final int maxItems;
  private final FlushSchedule schedule;
  private final Counter overCap;

  @StateId("pending")
  private final StateSpec<BagState<KV<String, Long>>> pendingSpec =
      StateSpecs.bag(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  @StateId("items")
  private final StateSpec<ValueState<Map<String, Long>>> itemsSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  @StateId("passedOn")
  private final StateSpec<ValueState<List<String>>> passedOnSpec =
      StateSpecs.value(ListCoder.of(StringUtf8Coder.of()));

  @StateId("overCap")
  private final StateSpec<ValueState<Boolean>> overCapSpec = StateSpecs.value(BooleanCoder.of());

  @StateId("flags")
  private final StateSpec<ValueState<Integer>> flagsSpec = StateSpecs.value(VarIntCoder.of());

  @TimerId("onTime")
  private final TimerSpec onTimeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId("early")
  private final TimerSpec earlySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  UserItemsFn(String namespace, int maxItems, FlushSchedule schedule) {
    this.maxItems = maxItems;
    this.schedule = schedule;
    this.overCap = Metrics.counter(namespace, "usersOverItemCap");
  }

  @Override
  @SuppressWarnings("deprecation") // the only way to stamp an early flush's output; see FlushSchedule
  public org.joda.time.Duration getAllowedTimestampSkew() {
    return FlushSchedule.EARLY_OUTPUT_SKEW;
  }

  @ProcessElement
  public void process(
      @Element KV<String, Interaction> element,
      BoundedWindow window,
      @StateId("pending") BagState<KV<String, Long>> pending,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("onTime") Timer onTime,
      @TimerId("early") Timer early) {
    Interaction i = element.getValue();
    pending.add(KV.of(i.itemId(), i.eventTimeMillis()));
    schedule.onElement(window, flags, onTime, early);
  }

  @OnTimer("early")
  public void onEarly(
      @Key String user,
      @StateId("pending") BagState<KV<String, Long>> pending,
      @StateId("items") ValueState<Map<String, Long>> items,
      @StateId("passedOn") ValueState<List<String>> passedOn,
      @StateId("overCap") ValueState<Boolean> overCapState,
      @StateId("flags") ValueState<Integer> flags,
      BoundedWindow window,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onEarlyFlush(flags);
    flush(user, pending, items, passedOn, overCapState, FlushSchedule.atWindowEnd(out, window));
  }

  @OnTimer("onTime")
  public void onTime(
      @Key String user,
      @StateId("pending") BagState<KV<String, Long>> pending,
      @StateId("items") ValueState<Map<String, Long>> items,
      @StateId("passedOn") ValueState<List<String>> passedOn,
      @StateId("overCap") ValueState<Boolean> overCapState,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("early") Timer early,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onOnTimeFlush(flags, early);
    flush(user, pending, items, passedOn, overCapState, out);
  }

  private void flush(
      String user,
      BagState<KV<String, Long>> pending,
      ValueState<Map<String, Long>> itemsState,
      ValueState<List<String>> passedOnState,
      ValueState<Boolean> overCapState,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    Map<String, Long> read = itemsState.read();
    // A copy to update: what state hands out may be shared or read-only.
    Map<String, Long> items = read == null ? new HashMap<>() : new HashMap<>(read);
    Map<String, Long> firstSeen = new HashMap<>();
    boolean any = false;
    for (KV<String, Long> interaction : pending.read()) {
      any = true;
      Long before = items.put(interaction.getKey(), interaction.getValue());
      if (before == null) {
        firstSeen.put(interaction.getKey(), 1L);
      } else if (before > interaction.getValue()) {
        items.put(interaction.getKey(), before);
      }
    }
    if (!any) {
      return;
    }
    pending.clear();
    itemsState.write(items);
    if (!firstSeen.isEmpty()) {
      out.output(KV.of(user, new ItemUpdate(ItemUpdate.Kind.INTERACTED, firstSeen)));
    }

    List<String> before = passedOnState.read();
    Set<String> old = before == null ? Set.of() : new HashSet<>(before);
    Set<String> now = mostRecent(items, maxItems);
    if (items.size() > maxItems && !Boolean.TRUE.equals(overCapState.read())) {
      overCap.inc();
      overCapState.write(true);
    }
    Set<String> removed = new HashSet<>(old);
    removed.removeAll(now);
    Set<String> added = new HashSet<>(now);
    added.removeAll(old);
    if (removed.isEmpty() && added.isEmpty()) {
      return;
    }
    Map<String, Map<String, Long>> neighbours = new HashMap<>();
    pairChanges(removed, old, -1, neighbours);
    pairChanges(added, now, +1, neighbours);
    for (Map.Entry<String, Map<String, Long>> e : neighbours.entrySet()) {
      e.getValue().values().removeIf(change -> change == 0);
      if (!e.getValue().isEmpty()) {
        out.output(KV.of(e.getKey(), new ItemUpdate(ItemUpdate.Kind.NEIGHBOURS, e.getValue())));
      }
    }
    for (String item : removed) {
      out.output(KV.of(item, ItemUpdate.of(ItemUpdate.Kind.USERS, user, -1)));
    }
    for (String item : added) {
      out.output(KV.of(item, ItemUpdate.of(ItemUpdate.Kind.USERS, user, +1)));
    }
    passedOnState.write(new ArrayList<>(now));
  }

  /**
   * The changes of every ordered pair with at least one member in {@code changed}, all members
   * being in {@code set}.
   */
  private static void pairChanges(
      Set<String> changed, Set<String> set, long sign, Map<String, Map<String, Long>> neighbours) {
    for (String a : changed) {
      Map<String, Long> ofA = neighbours.computeIfAbsent(a, x -> new HashMap<>());
      for (String b : set) {
        if (b.equals(a)) {
          continue;
        }
        ofA.merge(b, sign, Long::sum);
        if (!changed.contains(b)) { // (b, a) with b changed too is counted from b's side
          neighbours.computeIfAbsent(b, x -> new HashMap<>()).merge(a, sign, Long::sum);
        }
      }
    }
  }

  /** The {@code max} most recent items, ties by itemId: all of them when there are few enough. */
  static Set<String> mostRecent(Map<String, Long> items, int max) {
    if (items.size() <= max) {
      return new HashSet<>(items.keySet());
    }
    PriorityQueue<Map.Entry<String, Long>> oldestFirst = new PriorityQueue<>(max + 1, RECENT_FIRST.reversed());
    for (Map.Entry<String, Long> e : items.entrySet()) {
      if (oldestFirst.size() < max) {
        oldestFirst.add(e);
      } else if (RECENT_FIRST.compare(e, oldestFirst.peek()) < 0) {
        oldestFirst.poll();
        oldestFirst.add(e);
      }
    }
    Set<String> kept = new HashSet<>();
    oldestFirst.forEach(e -> kept.add(e.getKey()));
    return kept;
  }
}
