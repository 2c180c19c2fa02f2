package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.transforms.dedup.IdGenerations;
import dev.streamtemplates.transforms.keys.StableBuckets;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.joda.time.Duration;

/**
 * The native form of the pipelines' {@code DeduplicateById}: of the copies of an id, the one with
 * the earliest event time counts whatever order they arrive in.
 *
 * <p>Per id, as in the pipeline: the earliest copy so far is held until the watermark passes its
 * event time, then emitted (timers fire before the watermark moves on downstream, so the record is
 * not late there). The id is then remembered and forgotten a generation at a time, by the
 * pipelines' own rule ({@link IdGenerations}): an id joins the generation of its record's
 * timestamp (or the bucket's newest, if later), so it is remembered for at least the horizon and at most half as
 * long again. A copy that arrives after the id's record was emitted is dropped even if it is
 * earlier: what was emitted cannot be taken back. A later copy with the same or a later timestamp
 * loses to the held one.
 *
 * <p>Keyed by a bucket of ids ({@link #bucketOf}) rather than by id: one timer per id to release
 * it and one to forget it made Flink's timer queues the largest cost of the job (they held every
 * remembered id, about the horizon times the rate). A bucket keeps its ids in one heap value and
 * at most a timer or two, at the earliest time anything in it is due; when it fires, everything
 * the watermark has passed is released or forgotten at once, which is when the ids' own timers
 * would all have fired. (Flink stamps what a timer emits with the timer's time, not the record's:
 * the steps after this one read event time from the record.)
 */
final class DropDuplicates<T extends TimestampedRecord>
    extends KeyedProcessFunction<Integer, T, T> {
  private static final long serialVersionUID = 1L;
  private static final long NONE = Long.MAX_VALUE;

  /** 1,024 buckets of ids: several per key group; ids per bucket ≈ rate × horizon / 1,024. */
  private static final int BUCKETS = 1_024;

  private final SerializableId<T> idOf;
  private final IdGenerations generations;

  private transient ValueState<Bucket<T>> state;

  /** @param idOf the record's id (serializable: a method reference of the record class) */
  DropDuplicates(SerializableId<T> idOf, long horizonMillis) {
    this.idOf = idOf;
    this.generations = IdGenerations.of(Duration.millis(horizonMillis));
  }

  /** The key to partition records by before this step: the pipelines' own bucket hash. */
  static int bucketOf(String id) {
    return StableBuckets.of(id, BUCKETS);
  }

  /** A record's id, as a serializable function. */
  @FunctionalInterface
  interface SerializableId<T> extends Function<T, String>, java.io.Serializable {}

  @Override
  public void open(OpenContext context) {
    // Held on the heap and changed in place; Kryo would serialize it for a checkpoint.
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeInformation<Bucket<T>> type = new GenericTypeInfo(Bucket.class);
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("ids", type));
  }

  @Override
  public void processElement(T record, Context ctx, Collector<T> out) throws Exception {
    Bucket<T> bucket = state.value();
    if (bucket == null) {
      bucket = new Bucket<>();
    }
    String id = idOf.apply(record);
    long time = record.eventTimeMillis();
    Slot<T> slot = bucket.ids.get(id);
    if (slot == null) {
      slot = new Slot<>();
      bucket.ids.put(id, slot);
    } else if (slot.forgetAt != NONE) {
      return; // the id's record is out: a retransmission
    } else if (time >= slot.held.eventTimeMillis()) {
      return; // the held copy is as early or earlier: it wins
    }
    // An earlier copy replaces the held one; the held one's queue entry goes stale.
    slot.held = record;
    bucket.schedule(new Due(time, id, false));
    arm(bucket, time, ctx.timerService());
    state.update(bucket);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
    Bucket<T> bucket = state.value();
    if (bucket == null) {
      return;
    }
    if (timestamp == bucket.timerAt) {
      bucket.timerAt = NONE;
    }
    long watermark = ctx.timerService().currentWatermark();
    Due next;
    while ((next = bucket.next()) != null && next.time <= watermark) {
      bucket.poll(next);
      Slot<T> slot = bucket.ids.get(next.id);
      if (next.forget) {
        if (slot != null && slot.forgetAt == next.time) {
          bucket.ids.remove(next.id); // the horizon has passed: forget the id
        }
      } else if (slot != null && slot.held != null && slot.held.eventTimeMillis() == next.time) {
        out.collect(slot.held);
        slot.held = null;
        bucket.newestGeneration = Math.max(bucket.newestGeneration, generations.at(next.time));
        slot.forgetAt = generations.forgetAt(bucket.newestGeneration);
        bucket.forget(new Due(slot.forgetAt, next.id, true));
      } // else: replaced by an earlier copy, which has its own entry
    }
    if (next == null) {
      state.clear();
      return;
    }
    arm(bucket, next.time, ctx.timerService());
    state.update(bucket);
  }

  /** Makes sure a timer fires by {@code time}. */
  private static void arm(Bucket<?> bucket, long time, TimerService timers) {
    if (time < bucket.timerAt) {
      bucket.timerAt = time;
      timers.registerEventTimeTimer(time);
    }
  }

  /** One bucket: held copies, emitted ids, and what falls due when, in time order. */
  static final class Bucket<T> {
    final Map<String, Slot<T>> ids = new HashMap<>();
    /** Releases, and the rare forget scheduled before a later one (a late record's). */
    private final PriorityQueue<Due> due = new PriorityQueue<>();
    /** Forgets in time order: ids are released, so forgotten, in about watermark order. */
    private final ArrayDeque<Due> forgets = new ArrayDeque<>();
    /** The earliest timer this bucket has registered and not yet seen fire. */
    long timerAt = NONE;
    /** The newest generation an id of this bucket joined. */
    long newestGeneration = Long.MIN_VALUE;

    void schedule(Due release) {
      due.add(release);
    }

    void forget(Due forget) {
      if (forgets.isEmpty() || forgets.peekLast().time <= forget.time) {
        forgets.addLast(forget);
      } else {
        due.add(forget);
      }
    }

    /** The earliest entry, or null when nothing is left. */
    Due next() {
      Due a = due.peek();
      Due b = forgets.peekFirst();
      return a == null ? b : b == null || a.time <= b.time ? a : b;
    }

    void poll(Due next) {
      if (next == forgets.peekFirst()) {
        forgets.pollFirst();
      } else {
        due.poll();
      }
    }
  }

  /** One id: its earliest copy while held, then when it is forgotten. */
  static final class Slot<T> {
    T held;
    /** Once the id's record is emitted: when it is forgotten (its generation's time). */
    long forgetAt = NONE;
  }

  /** A held copy to release, or an emitted id to forget, at {@code time}. */
  record Due(long time, String id, boolean forget) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      return Long.compare(time, other.time);
    }
  }
}
