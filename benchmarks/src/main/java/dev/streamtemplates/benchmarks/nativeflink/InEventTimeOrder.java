package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.transforms.order.SequenceEvaluator;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableComparator;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.joda.time.Instant;

/**
 * The native form of the pipelines' {@code OrderByEventTime}: each key's records fed to the
 * pipeline's own {@link SequenceEvaluator} (the fraud {@code CardRules}) in event-time order
 * {@code (timestamp, tie-break)}, with the same results, the same {@code late} flags and the same
 * once-per-kind rule.
 *
 * <p>A record waits in the key's state until the watermark passes its timestamp (an event-time
 * timer at that time; Flink keeps one timer per key and time), then is inserted into the key's
 * history and evaluated against what precedes it. A late record (behind the watermark, within the
 * lateness the parse step enforces) is inserted at its place; every later record is evaluated
 * again and only kinds of result it had not emitted come out. History is pruned to what a
 * not-too-late record can still need, and a key idle for the forget horizon is cleared (one lazy
 * timer per key, moved forward only when it fires).
 *
 * <p>All of a key's state is one value on the heap, changed in place and written back, so a
 * record costs one state read and write and (usually) one timer.
 */
final class InEventTimeOrder<V extends TimestampedRecord>
    extends KeyedProcessFunction<String, V, String> {
  private static final long serialVersionUID = 1L;
  private static final long NONE = Long.MIN_VALUE;

  private final SequenceEvaluator<V, KV<String, String>> evaluator;
  private final Comparator<TimestampedValue<V>> order;
  private final int keepLast;
  private final long keepWithinMillis;
  private final long latenessMillis;
  private final long forgetAfterMillis;

  private transient ValueState<KeyState<V>> state;

  InEventTimeOrder(
      SequenceEvaluator<V, KV<String, String>> evaluator,
      SerializableComparator<V> tieBreak,
      int keepLast,
      long keepWithinMillis,
      long latenessMillis,
      long forgetAfterMillis) {
    this.evaluator = evaluator;
    this.order = orderOf(tieBreak);
    this.keepLast = keepLast;
    this.keepWithinMillis = keepWithinMillis;
    this.latenessMillis = latenessMillis;
    this.forgetAfterMillis = forgetAfterMillis;
  }

  private static <V> Comparator<TimestampedValue<V>> orderOf(SerializableComparator<V> tieBreak) {
    return (SerializableComparator<TimestampedValue<V>>)
        (a, b) -> {
          int byTime = a.getTimestamp().compareTo(b.getTimestamp());
          return byTime != 0 ? byTime : tieBreak.compare(a.getValue(), b.getValue());
        };
  }

  @Override
  public void open(OpenContext context) {
    // Held on the heap and changed in place; Kryo would serialize it for a checkpoint.
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeInformation<KeyState<V>> type = new GenericTypeInfo(KeyState.class);
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("key", type));
  }

  @Override
  public void processElement(V record, Context ctx, Collector<String> out) throws Exception {
    KeyState<V> key = state.value();
    if (key == null) {
      key = new KeyState<>();
    }
    long time = record.eventTimeMillis();
    key.pending.add(TimestampedValue.of(record, new Instant(time)));
    state.update(key);
    ctx.timerService().registerEventTimeTimer(time);
  }

  @Override
  public void onTimer(long now, OnTimerContext ctx, Collector<String> out) throws Exception {
    KeyState<V> key = state.value();
    if (key == null) {
      return;
    }
    if (now == key.forgetTimer) {
      key.forgetTimer = NONE;
      if (now >= key.forgetAt) {
        key.forget(); // waiting records keep their own timers and start afresh
      } else {
        key.forgetTimer = key.forgetAt; // the key saw records since: move the timer on
        ctx.timerService().registerEventTimeTimer(key.forgetAt);
      }
    }

    List<TimestampedValue<V>> ready = new ArrayList<>(key.pending.size());
    List<TimestampedValue<V>> waiting = new ArrayList<>();
    long newest = NONE;
    for (TimestampedValue<V> element : key.pending) {
      long time = element.getTimestamp().getMillis();
      if (time <= now) {
        ready.add(element);
      } else {
        waiting.add(element);
        newest = Math.max(newest, time);
      }
    }
    if (!ready.isEmpty()) {
      ready.sort(order);
      long acceptedFrom = Math.min(now - latenessMillis, ready.get(0).getTimestamp().getMillis());
      key.prune(keepLast, acceptedFrom - keepWithinMillis, acceptedFrom);
      evaluateReady(ctx.getCurrentKey(), ready, key, out);
      key.frontier = Math.max(key.frontier, now);
      key.pending = waiting;
      newest = Math.max(newest, key.frontier);
      // After the newest record seen; only the latest forget time counts.
      key.forgetAt = newest + forgetAfterMillis;
      if (key.forgetTimer == NONE || key.forgetTimer > key.forgetAt) {
        key.forgetTimer = key.forgetAt;
        ctx.timerService().registerEventTimeTimer(key.forgetAt);
      }
    }
    if (key.isEmpty()) {
      state.clear();
    } else {
      state.update(key);
    }
  }

  private void evaluateReady(
      String keyName, List<TimestampedValue<V>> ready, KeyState<V> key, Collector<String> out) {
    List<TimestampedValue<V>> sequence = key.sequence;
    // The newest record evaluated before this firing: anything ordered before it is late.
    TimestampedValue<V> newestEvaluated =
        sequence.isEmpty() ? null : sequence.get(sequence.size() - 1);
    long earliestNew = ready.get(0).getTimestamp().getMillis();
    boolean[] fresh = new boolean[sequence.size() + ready.size()];
    key.ensureCapacity(sequence.size() + ready.size());
    // Insert all first: simultaneous records see each other.
    for (TimestampedValue<V> element : ready) {
      int at = sequence.size();
      while (at > 0 && order.compare(sequence.get(at - 1), element) > 0) {
        at--;
      }
      sequence.add(at, element);
      System.arraycopy(key.emitted, at, key.emitted, at + 1, sequence.size() - 1 - at);
      key.emitted[at] = 0;
      System.arraycopy(fresh, at, fresh, at + 1, sequence.size() - 1 - at);
      fresh[at] = true;
    }
    Results results = new Results(key, out);
    for (int i = 0; i < sequence.size(); i++) {
      TimestampedValue<V> element = sequence.get(i);
      long time = element.getTimestamp().getMillis();
      if (time < earliestNew) {
        continue; // its past and its instant are unchanged
      }
      boolean late =
          !fresh[i]
              || time < key.frontier
              || (newestEvaluated != null && order.compare(element, newestEvaluated) < 0);
      results.current = i;
      evaluator.evaluate(keyName, sequence, i, late, results);
    }
  }

  /** Emits each kind once per record, remembering it in the record's bits. */
  private static final class Results implements SequenceEvaluator.Results<KV<String, String>> {
    private final KeyState<?> key;
    private final Collector<String> out;
    int current;

    Results(KeyState<?> key, Collector<String> out) {
      this.key = key;
      this.out = out;
    }

    @Override
    public void emit(int kind, KV<String, String> result) {
      emitFor(current, kind, result);
    }

    @Override
    public void emitFor(int index, int kind, KV<String, String> result) {
      if (kind < 0 || kind > 62) {
        throw new IllegalArgumentException("result kind must be in [0, 62], got " + kind);
      }
      if (index < 0 || index > current) {
        throw new IllegalArgumentException(
            "results belong to the record evaluated or an earlier one, got index " + index
                + " while evaluating " + current);
      }
      long bit = 1L << kind;
      if ((key.emitted[index] & bit) != 0) {
        return;
      }
      key.emitted[index] |= bit;
      out.collect(result.getValue());
    }
  }

  /**
   * One key: records waiting for the watermark; the evaluated history in order with the kinds each
   * has emitted; how far evaluation has gone; when the key is to be forgotten.
   */
  static final class KeyState<V> {
    List<TimestampedValue<V>> pending = new ArrayList<>(2);
    final List<TimestampedValue<V>> sequence = new ArrayList<>();
    long[] emitted = new long[4];
    long frontier = NONE;
    long forgetAt = NONE;
    long forgetTimer = NONE;

    void ensureCapacity(int size) {
      if (emitted.length < size) {
        emitted = Arrays.copyOf(emitted, Math.max(size, emitted.length * 2));
      }
    }

    /**
     * Keeps the entries at or after {@code windowStart}, and the {@code keepLast} entries before
     * {@code acceptedFrom} (the earliest timestamp a future record can have).
     */
    void prune(int keepLast, long windowStart, long acceptedFrom) {
      int firstAccepted = 0;
      while (firstAccepted < sequence.size()
          && sequence.get(firstAccepted).getTimestamp().getMillis() < acceptedFrom) {
        firstAccepted++;
      }
      int firstInWindow = 0;
      while (firstInWindow < sequence.size()
          && sequence.get(firstInWindow).getTimestamp().getMillis() < windowStart) {
        firstInWindow++;
      }
      int keepFrom = Math.min(firstInWindow, Math.max(0, firstAccepted - keepLast));
      if (keepFrom > 0) {
        sequence.subList(0, keepFrom).clear();
        System.arraycopy(emitted, keepFrom, emitted, 0, sequence.size());
      }
    }

    void forget() {
      sequence.clear();
      frontier = NONE;
      forgetAt = NONE;
    }

    boolean isEmpty() {
      return pending.isEmpty() && sequence.isEmpty() && forgetTimer == NONE;
    }
  }
}
