package dev.streamtemplates.pipelines.recommendations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import org.apache.beam.sdk.values.KV;

/**
 * Per bucket of items and window: turns co-occurrence changes into recommendation score changes.
 *
 * <p>A user u's score for a candidate j is the sum over u's items k of users(k, j). Item k
 * contributes {@code users(k, j) * member(u, k)} to it, so when k's row of counts or its set of
 * users changes, the contribution changes by {@code C'·m' − C·m}. This stage keeps, for each item
 * k of its bucket (see {@link KeyBuckets}), k's row and users, buffers their changes, and at each
 * flush ({@link FlushSchedule}) sends every affected user {@code (u, SCORES {j: change})}, added up
 * over the bucket's items: for users already there, only the rows' changes; for users who joined
 * or left an item, its whole contribution. Sums downstream equal the exact scores of the current
 * sets whatever the arrival order; a bounded run flushes once, sending each user each row once.
 */
final class CooccurrenceJoinFn
    extends DoFn<KV<String, KV<String, ItemUpdate>>, KV<String, ItemUpdate>> {
  private final FlushSchedule schedule;

  @StateId("pending")
  private final StateSpec<BagState<KV<String, ItemUpdate>>> pendingSpec =
      StateSpecs.bag(KvCoder.of(StringUtf8Coder.of(), ItemUpdate.Coder.of()));

  @StateId("rows")
  private final StateSpec<ValueState<Map<String, ItemRow>>> rowsSpec =
      StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), ItemRow.Coder.INSTANCE));

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
      @StateId("rows") ValueState<Map<String, ItemRow>> rows,
      @StateId("flags") ValueState<Integer> flags,
      BoundedWindow window,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onEarlyFlush(flags);
    flush(pending, rows, FlushSchedule.atWindowEnd(out, window));
  }

  @OnTimer("onTime")
  public void onTime(
      @StateId("pending") BagState<KV<String, ItemUpdate>> pending,
      @StateId("rows") ValueState<Map<String, ItemRow>> rows,
      @StateId("flags") ValueState<Integer> flags,
      @TimerId("early") Timer early,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    schedule.onOnTimeFlush(flags, early);
    flush(pending, rows, out);
  }

  private static void flush(
      BagState<KV<String, ItemUpdate>> pending,
      ValueState<Map<String, ItemRow>> rowsState,
      OutputReceiver<KV<String, ItemUpdate>> out) {
    // Per item: the changes of its row and of its users since the last flush.
    Map<String, ItemRow> changes = new HashMap<>();
    for (KV<String, ItemUpdate> update : pending.read()) {
      ItemRow c = changes.computeIfAbsent(update.getKey(), k -> new ItemRow(new HashMap<>(), new HashMap<>()));
      ItemUpdate.addInto(
          update.getValue().kind() == ItemUpdate.Kind.NEIGHBOURS ? c.row : c.users,
          update.getValue().changes());
    }
    if (changes.isEmpty()) {
      return;
    }
    pending.clear();
    Map<String, ItemRow> read = rowsState.read();
    // A copy to update: what state hands out may be shared or read-only. Entries are replaced,
    // never changed in place.
    Map<String, ItemRow> rows = read == null ? new HashMap<>() : new HashMap<>(read);
    Map<String, Map<String, Long>> scores = new HashMap<>();
    for (Map.Entry<String, ItemRow> e : changes.entrySet()) {
      ItemRow c = e.getValue();
      if (c.row.isEmpty() && c.users.isEmpty()) {
        continue;
      }
      ItemRow before = rows.get(e.getKey());
      Map<String, Long> row = before == null ? new HashMap<>() : new HashMap<>(before.row);
      Map<String, Long> users = before == null ? new HashMap<>() : new HashMap<>(before.users);
      ItemUpdate.addInto(row, c.row);
      ItemUpdate.addInto(users, c.users);
      if (row.isEmpty() && users.isEmpty()) {
        rows.remove(e.getKey());
      } else {
        rows.put(e.getKey(), new ItemRow(row, users));
      }
      addScoreChanges(row, users, c.row, c.users, scores);
    }
    rowsState.write(rows);
    for (Map.Entry<String, Map<String, Long>> e : scores.entrySet()) {
      e.getValue().values().removeIf(change -> change == 0);
      if (!e.getValue().isEmpty()) {
        out.output(KV.of(e.getKey(), new ItemUpdate(ItemUpdate.Kind.SCORES, e.getValue())));
      }
    }
  }

  /**
   * One item's contribution changes, given its row and users after the flush and their changes:
   * added into {@code scores}, user by user.
   */
  private static void addScoreChanges(
      Map<String, Long> row,
      Map<String, Long> users,
      Map<String, Long> rowChanges,
      Map<String, Long> userChanges,
      Map<String, Map<String, Long>> scores) {
    Set<String> affected = new HashSet<>(users.keySet());
    affected.addAll(userChanges.keySet());
    Set<String> wholeRow = null;
    for (String user : affected) {
      long now = users.getOrDefault(user, 0L);
      long joined = userChanges.getOrDefault(user, 0L);
      long before = now - joined;
      if (joined == 0) {
        if (now != 0 && !rowChanges.isEmpty()) {
          Map<String, Long> ofUser = scores.computeIfAbsent(user, u -> new HashMap<>());
          for (Map.Entry<String, Long> e : rowChanges.entrySet()) {
            ofUser.merge(e.getKey(), now * e.getValue(), Long::sum);
          }
        }
      } else {
        if (wholeRow == null) {
          wholeRow = new HashSet<>(row.keySet());
          wholeRow.addAll(rowChanges.keySet());
        }
        Map<String, Long> ofUser = null;
        for (String j : wholeRow) {
          long countNow = row.getOrDefault(j, 0L);
          long countBefore = countNow - rowChanges.getOrDefault(j, 0L);
          long change = countNow * now - countBefore * before;
          if (change != 0) {
            if (ofUser == null) {
              ofUser = scores.computeIfAbsent(user, u -> new HashMap<>());
            }
            ofUser.merge(j, change, Long::sum);
          }
        }
      }
    }
  }

  /** One item's state in a window: its row, users(k, j) by j, and its users (user → 1). */
  static final class ItemRow {
    final Map<String, Long> row;
    final Map<String, Long> users;

    ItemRow(Map<String, Long> row, Map<String, Long> users) {
      this.row = row;
      this.users = users;
    }

    static final class Coder extends CustomCoder<ItemRow> {
      private static final long serialVersionUID = 1L;
      static final Coder INSTANCE = new Coder();

      @Override
      public void encode(ItemRow value, OutputStream out) throws IOException {
        ItemUpdate.Coder.encodeChanges(value.row, out);
        ItemUpdate.Coder.encodeChanges(value.users, out);
      }

      @Override
      public ItemRow decode(InputStream in) throws IOException {
        return new ItemRow(ItemUpdate.Coder.decodeChanges(in), ItemUpdate.Coder.decodeChanges(in));
      }
    }
  }
}
