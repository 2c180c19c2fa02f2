package dev.streamtemplates.pipelines.recommendations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;

/**
 * Per bucket of users and window: the users' distinct items, and the changes they make to
 * co-occurrence.
 *
 * <p>Input: {@code (bucket of the user, interaction)} in the similarity windows (see {@link
 * KeyBuckets}). At each flush (see {@link FlushSchedule}), for every user of the bucket with new
 * interactions, the capped item set — the {@code maxItems} most recently interacted with, ties by
 * itemId — is compared with the set last passed on, and only the difference leaves, added up over
 * the flush's users:
 *
 * <ul>
 *   <li>{@code (a, NEIGHBOURS {b: ±n})} for the ordered pairs that entered or left the users' sets,
 *   <li>{@code (k, USERS {user: ±1})} for the users whose set item k entered or left,
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
  private final StateSpec<BagState<Interaction>> pendingSpec = StateSpecs.bag(Interaction.Coder.of());

  @StateId("users")
  private final StateSpec<ValueState<Map<String, UserItems>>> usersSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), UserItems.Coder.INSTANCE));

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
      @StateId("pending") BagState<Interaction> pending,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("onTime") Timer onTime,
      @TimerId("early") Timer early) {
    pending.add(element.getValue());
    schedule.onElement(window, flags, onTime, early);
  }

  @OnTimer("early")
  public void onEarly(
      @StateId("pending") BagState<Interaction> pending,
      @StateId("users") ValueState<Map<String, UserItems>> users,
      @StateId("flags") ValueState<Integer> flags,
      BoundedWindow window,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onEarlyFlush(flags);
    flush(pending, users, FlushSchedule.atWindowEnd(out, window));
  }

  @OnTimer("onTime")
  public void onTime(
      @StateId("pending") BagState<Interaction> pending,
      @StateId("users") ValueState<Map<String, UserItems>> users,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("early") Timer early,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onOnTimeFlush(flags, early);
    flush(pending, users, out);
  }

  private void flush(
      BagState<Interaction> pending,
      ValueState<Map<String, UserItems>> usersState,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    // The latest time of each (user, item) in the buffer.
    Map<String, Map<String, Long>> latest = new HashMap<>();
    for (Interaction i : pending.read()) {
      latest.computeIfAbsent(i.userId(), u -> new HashMap<>()).merge(i.itemId(), i.eventTimeMillis(), Math::max);
    }
    if (latest.isEmpty()) {
      return;
    }
    pending.clear();
    Map<String, UserItems> read = usersState.read();
    // A copy to update: what state hands out may be shared or read-only. Entries are replaced,
    // never changed in place.
    Map<String, UserItems> users = read == null ? new HashMap<>() : new HashMap<>(read);
    Map<String, Map<String, Long>> neighbours = new HashMap<>();
    Map<String, Map<String, Long>> members = new HashMap<>();
    for (Map.Entry<String, Map<String, Long>> e : latest.entrySet()) {
      String user = e.getKey();
      UserItems before = users.get(user);
      UserItems after = update(user, before, e.getValue(), neighbours, members, out);
      users.put(user, after);
    }
    usersState.write(users);
    for (Map.Entry<String, Map<String, Long>> e : neighbours.entrySet()) {
      e.getValue().values().removeIf(change -> change == 0);
      if (!e.getValue().isEmpty()) {
        out.output(KV.of(e.getKey(), new ItemUpdate(ItemUpdate.Kind.NEIGHBOURS, e.getValue())));
      }
    }
    for (Map.Entry<String, Map<String, Long>> e : members.entrySet()) {
      out.output(KV.of(e.getKey(), new ItemUpdate(ItemUpdate.Kind.USERS, e.getValue())));
    }
  }

  /**
   * One user's new interactions: emits the items touched for the first time, adds the pair and
   * membership changes of the capped set to the flush's totals, and returns the user's new state.
   */
  private UserItems update(
      String user,
      UserItems before,
      Map<String, Long> interactions,
      Map<String, Map<String, Long>> neighbours,
      Map<String, Map<String, Long>> members,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    Map<String, Long> items = before == null ? new HashMap<>() : new HashMap<>(before.items);
    Map<String, Long> firstSeen = new HashMap<>();
    for (Map.Entry<String, Long> interaction : interactions.entrySet()) {
      items.merge(interaction.getKey(), interaction.getValue(), Math::max);
      if (before == null || !before.items.containsKey(interaction.getKey())) {
        firstSeen.put(interaction.getKey(), 1L);
      }
    }
    if (!firstSeen.isEmpty()) {
      out.output(KV.of(user, new ItemUpdate(ItemUpdate.Kind.INTERACTED, firstSeen)));
    }

    Set<String> old = before == null ? Set.of() : new HashSet<>(before.passedOn);
    Set<String> now = mostRecent(items, maxItems);
    boolean over = before != null && before.overCap;
    if (items.size() > maxItems && !over) {
      overCap.inc();
      over = true;
    }
    Set<String> removed = new HashSet<>(old);
    removed.removeAll(now);
    Set<String> added = new HashSet<>(now);
    added.removeAll(old);
    pairChanges(removed, old, -1, neighbours);
    pairChanges(added, now, +1, neighbours);
    for (String item : removed) {
      members.computeIfAbsent(item, x -> new HashMap<>()).put(user, -1L);
    }
    for (String item : added) {
      members.computeIfAbsent(item, x -> new HashMap<>()).put(user, +1L);
    }
    List<String> passedOn = removed.isEmpty() && added.isEmpty() && before != null
        ? before.passedOn
        : new ArrayList<>(now);
    return new UserItems(items, passedOn, over);
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

  /**
   * One user's state in a window: every distinct item with its latest time, the capped set last
   * passed on, and whether the user has been counted over the cap.
   */
  static final class UserItems {
    final Map<String, Long> items;
    final List<String> passedOn;
    final boolean overCap;

    UserItems(Map<String, Long> items, List<String> passedOn, boolean overCap) {
      this.items = items;
      this.passedOn = passedOn;
      this.overCap = overCap;
    }

    static final class Coder extends CustomCoder<UserItems> {
      private static final long serialVersionUID = 1L;
      static final Coder INSTANCE = new Coder();
      private static final StringUtf8Coder STRING = StringUtf8Coder.of();

      @Override
      public void encode(UserItems value, OutputStream out) throws IOException {
        ItemUpdate.Coder.encodeChanges(value.items, out);
        VarInt.encode(value.passedOn.size(), out);
        for (String item : value.passedOn) {
          STRING.encode(item, out);
        }
        out.write(value.overCap ? 1 : 0);
      }

      @Override
      public UserItems decode(InputStream in) throws IOException {
        Map<String, Long> items = ItemUpdate.Coder.decodeChanges(in);
        int size = VarInt.decodeInt(in);
        List<String> passedOn = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          passedOn.add(STRING.decode(in));
        }
        return new UserItems(items, passedOn, in.read() == 1);
      }
    }
  }
}
