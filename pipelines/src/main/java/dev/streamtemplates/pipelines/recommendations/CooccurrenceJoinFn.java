package dev.streamtemplates.pipelines.recommendations;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 * Per item k and window: turns co-occurrence changes into recommendation score changes.
 *
 * <p>A user u's score for a candidate j is the sum over u's items k of users(k, j). Item k
 * contributes {@code users(k, j) * member(u, k)} to it, so when k's row of counts or its set of
 * users changes, the contribution changes by {@code C'·m' − C·m}. This stage keeps k's row and
 * users, buffers their changes, and at each flush ({@link FlushSchedule}) sends every affected
 * user {@code (u, SCORES {j: change})}: for users already there, only the row's changes; for users
 * who joined or left, their whole contribution. Sums downstream equal the exact scores of the
 * current sets whatever the arrival order; a bounded run flushes once, sending each user k's row
 * once.
 */
final class CooccurrenceJoinFn extends DoFn<KV<String, ItemUpdate>, KV<String, ItemUpdate>> {
  private final FlushSchedule schedule;

  @StateId("pending")
  private final StateSpec<BagState<ItemUpdate>> pendingSpec = StateSpecs.bag(ItemUpdate.Coder.of());

  @StateId("row")
  private final StateSpec<ValueState<Map<String, Long>>> rowSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  @StateId("users")
  private final StateSpec<ValueState<Map<String, Long>>> usersSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  @StateId("flags")
  private final StateSpec<ValueState<Integer>> flagsSpec = StateSpecs.value(VarIntCoder.of());

  @TimerId("onTime")
  private final TimerSpec onTimeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId("early")
  private final TimerSpec earlySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  CooccurrenceJoinFn(FlushSchedule schedule) {
    this.schedule = schedule;
  }

  @Override
  @SuppressWarnings("deprecation") // the only way to stamp an early flush's output; see FlushSchedule
  public org.joda.time.Duration getAllowedTimestampSkew() {
    return FlushSchedule.EARLY_OUTPUT_SKEW;
  }

  @ProcessElement
  public void process(
      @Element KV<String, ItemUpdate> element,
      BoundedWindow window,
      @StateId("pending") BagState<ItemUpdate> pending,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("onTime") Timer onTime,
      @TimerId("early") Timer early) {
    pending.add(element.getValue());
    schedule.onElement(window, flags, onTime, early);
  }

  @OnTimer("early")
  public void onEarly(
      @StateId("pending") BagState<ItemUpdate> pending,
      @StateId("row") ValueState<Map<String, Long>> row,
      @StateId("users") ValueState<Map<String, Long>> users,
      @StateId("flags") ValueState<Integer> flags,
      BoundedWindow window,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onEarlyFlush(flags);
    flush(pending, row, users, FlushSchedule.atWindowEnd(out, window));
  }

  @OnTimer("onTime")
  public void onTime(
      @StateId("pending") BagState<ItemUpdate> pending,
      @StateId("row") ValueState<Map<String, Long>> row,
      @StateId("users") ValueState<Map<String, Long>> users,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("early") Timer early,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onOnTimeFlush(flags, early);
    flush(pending, row, users, out);
  }

  private static void flush(
      BagState<ItemUpdate> pending,
      ValueState<Map<String, Long>> rowState,
      ValueState<Map<String, Long>> usersState,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    Map<String, Long> rowChanges = new HashMap<>();
    Map<String, Long> userChanges = new HashMap<>();
    for (ItemUpdate update : pending.read()) {
      ItemUpdate.addInto(
          update.kind() == ItemUpdate.Kind.NEIGHBOURS ? rowChanges : userChanges, update.changes());
    }
    pending.clear();
    if (rowChanges.isEmpty() && userChanges.isEmpty()) {
      return;
    }
    Map<String, Long> row = orEmpty(rowState.read());
    Map<String, Long> users = orEmpty(usersState.read());
    ItemUpdate.addInto(row, rowChanges);
    ItemUpdate.addInto(users, userChanges);
    rowState.write(row);
    usersState.write(users);

    Set<String> affected = new HashSet<>(users.keySet());
    affected.addAll(userChanges.keySet());
    Set<String> wholeRow = null;
    for (String user : affected) {
      long now = users.getOrDefault(user, 0L);
      long joined = userChanges.getOrDefault(user, 0L);
      long before = now - joined;
      Map<String, Long> scores = new HashMap<>();
      if (joined == 0) {
        if (now != 0) {
          for (Map.Entry<String, Long> e : rowChanges.entrySet()) {
            scores.put(e.getKey(), now * e.getValue());
          }
        }
      } else {
        if (wholeRow == null) {
          wholeRow = new HashSet<>(row.keySet());
          wholeRow.addAll(rowChanges.keySet());
        }
        for (String j : wholeRow) {
          long countNow = row.getOrDefault(j, 0L);
          long countBefore = countNow - rowChanges.getOrDefault(j, 0L);
          long change = countNow * now - countBefore * before;
          if (change != 0) {
            scores.put(j, change);
          }
        }
      }
      if (!scores.isEmpty()) {
        out.output(KV.of(user, new ItemUpdate(ItemUpdate.Kind.SCORES, scores)));
      }
    }
  }

  /** A copy to update: what state hands out may be shared or read-only. */
  private static Map<String, Long> orEmpty(Map<String, Long> map) {
    return map == null ? new HashMap<>() : new HashMap<>(map);
  }
}
