package dev.streamtemplates.transforms.dedup;

import dev.streamtemplates.transforms.batch.BatchByKey;
import dev.streamtemplates.transforms.keys.StableBuckets;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import dev.streamtemplates.transforms.time.EventTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Drops retransmissions: of the records sharing an id, the one with the earliest event time
 * counts, whatever order they arrive in; the others are counted in {@code duplicates}.
 *
 * <p>Arrival order cannot decide, so each id's earliest copy is held until the watermark passes
 * its event time, then emitted with that timestamp (a timer holds the watermark, so the record
 * is still on time downstream). The id is then remembered for at least {@code horizon} of event
 * time after its record, and at most half as long again, then forgotten by a timer, so state does
 * not grow with the number of ids ever seen ({@link IdGenerations}). A copy arriving after its
 * id's record was emitted is a duplicate even if its timestamp is earlier: the emitted record
 * cannot be taken back (such a copy is late, by definition of the watermark).
 *
 * <p>How: state and timers are kept per bucket of ids (a stable hash of the id), not per id, so
 * a runner tracks a fixed number of keys and timers however many ids are in the horizon. Records
 * reach their bucket in batches ({@link BatchByKey}: a bundle's records of one bucket travel as
 * one element), so a runner's cost per element of a stateful step is paid once a batch; 128
 * buckets keep those batches more than one record long on Flink's bundles of 1,000. A bucket
 * holds its ids' pending copies and a release timer at the earliest of them (holding the
 * watermark there, as a timer per id would); when it fires, every copy the watermark has passed
 * is released ({@link EventTimes#watermarkReached}), so a watermark that jumps over many of a
 * bucket's copies costs one firing, not one per copy. Emitted ids are remembered by generation:
 * event time is cut into generations of half the horizon, an id joins the generation of its
 * record's timestamp (or the bucket's newest, if that is later: a late record's), and a
 * generation is forgotten as a whole once the watermark is a horizon past its end. A
 * generation's ids are also listed in a bag of their own (four bags, used in turn), so
 * forgetting one reads its ids only. So a bucket's forget timer fires once per generation, not
 * once per id, and never holds the watermark. A bucket with nothing pending or remembered holds
 * no state and no timer.
 */
public final class DeduplicateById<T> extends PTransform<PCollection<T>, PCollection<T>> {
  /** Few enough for batches of several records per bundle, enough to spread over workers. */
  static final int DEFAULT_BUCKETS = 128;

  private final String namespace;
  private final SerializableFunction<T, String> idOf;
  private final Duration horizon;
  private final int buckets;

  private DeduplicateById(
      String namespace, SerializableFunction<T, String> idOf, Duration horizon, int buckets) {
    this.namespace = namespace;
    this.idOf = idOf;
    this.horizon = horizon;
    this.buckets = buckets;
  }

  /**
   * @param namespace the pipeline's counter namespace ({@code duplicates} is counted there)
   * @param idOf the record's id; ids are compared as strings
   */
  public static <T> DeduplicateById<T> of(String namespace, SerializableFunction<T, String> idOf) {
    return new DeduplicateById<>(namespace, idOf, Duration.standardMinutes(10), DEFAULT_BUCKETS);
  }

  /** How long, in event time after a record, a later copy of it is still recognised. */
  public DeduplicateById<T> rememberingIdsFor(Duration horizon) {
    return new DeduplicateById<>(namespace, idOf, horizon, buckets);
  }

  /** How many buckets ids are spread over (keys the runner sees); tests use few to share them. */
  DeduplicateById<T> withBuckets(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("bucket count must be >= 1, got " + count);
    }
    return new DeduplicateById<>(namespace, idOf, horizon, count);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    Coder<T> coder = records.getCoder();
    SerializableFunction<T, String> id = idOf;
    String[] names = StableBuckets.names("", buckets);
    return records
        .apply(
            "BatchByIdBucket",
            BatchByKey.of((SerializableFunction<T, String>) r -> bucketOf(id.apply(r), names)))
        .apply("KeepEarliest", ParDo.of(new KeepEarliestFn<>(namespace, idOf, coder, horizon)))
        .setCoder(coder);
  }

  /** The bucket of an id, as its string key (see {@link StableBuckets}). */
  static String bucketOf(String id, String[] names) {
    return names[StableBuckets.of(id, names.length)];
  }

  static final class KeepEarliestFn<T> extends DoFn<KV<String, List<TimestampedValue<T>>>, T> {
    /**
     * Bags of remembered ids. After {@link #forgetDue}, the remembered generations lie within the
     * newest and the two before it (a generation is half the horizon, and is forgotten a horizon
     * after it ends), so four bags never hold two generations at once.
     */
    static final int RING = IdGenerations.PER_HORIZON + 2;

    private final Counter duplicates;
    private final SerializableFunction<T, String> idOf;
    /** The generations emitted ids are remembered and forgotten by. */
    private final IdGenerations generations;

    /** Each id's earliest copy so far, until the watermark passes it. */
    @StateId("pending")
    private final StateSpec<MapState<String, TimestampedValue<T>>> pendingSpec;

    /** Each remembered id (its generation's bag says when it is forgotten). */
    @StateId("emitted")
    private final StateSpec<MapState<String, Boolean>> emittedSpec =
        StateSpecs.map(StringUtf8Coder.of(), BooleanCoder.of());

    /** When the release timer is set for, so a new copy only moves it earlier. */
    @StateId("releaseAt")
    private final StateSpec<ValueState<Long>> releaseAtSpec = StateSpecs.value(VarLongCoder.of());

    /** The oldest and newest generations with remembered ids; cleared when none is. */
    @StateId("remembered")
    private final StateSpec<ValueState<KV<Long, Long>>> rememberedSpec =
        StateSpecs.value(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()));

    /**
     * The ids of each remembered generation {@code g}, in bag {@code g mod RING}: forgetting a
     * generation reads its own ids, not every remembered one. Blind appends, one read per
     * generation: cheap on every runner's state.
     */
    @StateId("ids0")
    private final StateSpec<BagState<String>> ids0 = StateSpecs.bag(StringUtf8Coder.of());

    @StateId("ids1")
    private final StateSpec<BagState<String>> ids1 = StateSpecs.bag(StringUtf8Coder.of());

    @StateId("ids2")
    private final StateSpec<BagState<String>> ids2 = StateSpecs.bag(StringUtf8Coder.of());

    @StateId("ids3")
    private final StateSpec<BagState<String>> ids3 = StateSpecs.bag(StringUtf8Coder.of());

    @TimerId("release")
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    KeepEarliestFn(
        String namespace, SerializableFunction<T, String> idOf, Coder<T> coder, Duration horizon) {
      this.duplicates = Metrics.counter(namespace, PipelineCounters.DUPLICATES);
      this.idOf = idOf;
      this.generations = IdGenerations.of(horizon);
      this.pendingSpec =
          StateSpecs.map(StringUtf8Coder.of(), TimestampedValue.TimestampedValueCoder.of(coder));
    }

    /** Registers the counter, so a run without duplicates reports {@code duplicates=0}. */
    @StartBundle
    public void startBundle() {
      duplicates.inc(0);
    }

    @ProcessElement
    public void process(
        @Element KV<String, List<TimestampedValue<T>>> batch,
        @StateId("pending") MapState<String, TimestampedValue<T>> pending,
        @StateId("emitted") MapState<String, Boolean> emitted,
        @StateId("releaseAt") ValueState<Long> releaseAt,
        @TimerId("release") Timer release) {
      long earliest = Long.MAX_VALUE;
      int dropped = 0;
      for (TimestampedValue<T> copy : batch.getValue()) {
        String id = idOf.apply(copy.getValue());
        if (emitted.get(id).read() != null) {
          dropped++;
          continue;
        }
        Instant timestamp = copy.getTimestamp();
        TimestampedValue<T> held = pending.get(id).read();
        if (held != null) {
          dropped++; // one of the two copies is a duplicate, whichever wins
          if (!timestamp.isBefore(held.getTimestamp())) {
            continue; // same or later timestamp: the held copy wins
          }
        }
        pending.put(id, copy);
        earliest = Math.min(earliest, timestamp.getMillis());
      }
      if (dropped > 0) {
        duplicates.inc(dropped);
      }
      if (earliest == Long.MAX_VALUE) {
        return;
      }
      Long at = releaseAt.read();
      if (at == null || earliest < at) {
        Instant time = new Instant(earliest);
        release.withOutputTimestamp(time).set(time);
        releaseAt.write(earliest);
      }
    }

    /**
     * The watermark has passed the bucket's earliest pending copy: emit every copy it has passed,
     * in timestamp order, and remember each id in its generation (first forgetting the
     * generations the watermark is a horizon past, which keeps at most three remembered).
     */
    @OnTimer("release")
    public void onRelease(
        OnTimerContext context,
        @StateId("pending") MapState<String, TimestampedValue<T>> pending,
        @StateId("emitted") MapState<String, Boolean> emitted,
        @StateId("releaseAt") ValueState<Long> releaseAt,
        @StateId("remembered") ValueState<KV<Long, Long>> remembered,
        @StateId("ids0") BagState<String> ids0,
        @StateId("ids1") BagState<String> ids1,
        @StateId("ids2") BagState<String> ids2,
        @StateId("ids3") BagState<String> ids3,
        @TimerId("release") Timer release,
        @TimerId("forget") Timer forget,
        OutputReceiver<T> out) {
      long now = EventTimes.watermarkReached(context.fireTimestamp(), release);
      List<KV<String, TimestampedValue<T>>> due = new ArrayList<>();
      long next = Long.MAX_VALUE;
      for (Map.Entry<String, TimestampedValue<T>> entry : pending.entries().read()) {
        long at = entry.getValue().getTimestamp().getMillis();
        if (at <= now) {
          due.add(KV.of(entry.getKey(), entry.getValue()));
        } else {
          next = Math.min(next, at);
        }
      }
      if (next == Long.MAX_VALUE) {
        pending.clear();
        releaseAt.clear();
      } else {
        release.withOutputTimestamp(new Instant(next)).set(new Instant(next));
        releaseAt.write(next);
      }
      if (due.isEmpty()) {
        return;
      }
      if (due.size() > 1) {
        due.sort(inTimestampOrder());
      }
      List<BagState<String>> ring = List.of(ids0, ids1, ids2, ids3);
      KV<Long, Long> before = remembered.read();
      KV<Long, Long> kept = forgetDue(now, before, emitted, ring);
      // Each id joins the generation of its own time, as if released when the watermark passed
      // it, or the bucket's newest if that is later (a late record's): generations only grow.
      long oldest = kept == null ? Long.MIN_VALUE : kept.getKey();
      long generation = kept == null ? Long.MIN_VALUE : kept.getValue();
      for (KV<String, TimestampedValue<T>> idAndCopy : due) {
        TimestampedValue<T> copy = idAndCopy.getValue();
        out.outputWithTimestamp(copy.getValue(), copy.getTimestamp());
        if (next != Long.MAX_VALUE) {
          pending.remove(idAndCopy.getKey());
        }
        long joined = Math.max(generation, generations.at(copy.getTimestamp().getMillis()));
        if (oldest != Long.MIN_VALUE && joined - oldest >= RING) {
          // Copies generations apart (after a stall): the older ones just released may already be
          // a horizon behind the watermark. They are forgotten now, as their timer would at once.
          KV<Long, Long> left = forgetDue(now, KV.of(oldest, generation), emitted, ring);
          oldest = left == null ? Long.MIN_VALUE : left.getKey();
        }
        generation = joined;
        if (oldest == Long.MIN_VALUE) {
          oldest = generation;
        }
        emitted.put(idAndCopy.getKey(), true);
        ring.get(slot(oldest, generation)).add(idAndCopy.getKey());
      }
      KV<Long, Long> after = KV.of(oldest, generation);
      if (!after.equals(before)) {
        remembered.write(after);
      }
      if (before == null || before.getKey() != oldest) {
        forget.withNoOutputTimestamp().set(new Instant(generations.forgetAt(oldest)));
      }
    }

    /** The watermark is a horizon past the end of the oldest generation: forget it. */
    @OnTimer("forget")
    public void onForget(
        OnTimerContext context,
        @StateId("emitted") MapState<String, Boolean> emitted,
        @StateId("remembered") ValueState<KV<Long, Long>> remembered,
        @StateId("ids0") BagState<String> ids0,
        @StateId("ids1") BagState<String> ids1,
        @StateId("ids2") BagState<String> ids2,
        @StateId("ids3") BagState<String> ids3,
        @TimerId("forget") Timer forget) {
      KV<Long, Long> before = remembered.read();
      if (before == null) {
        return;
      }
      long now = EventTimes.watermarkReached(context.fireTimestamp(), forget);
      KV<Long, Long> kept = forgetDue(now, before, emitted, List.of(ids0, ids1, ids2, ids3));
      if (kept == null) {
        emitted.clear();
        remembered.clear();
        return;
      }
      if (!kept.equals(before)) {
        remembered.write(kept);
      }
      forget.withNoOutputTimestamp().set(new Instant(generations.forgetAt(kept.getKey())));
    }

    /**
     * Forgets every remembered generation the watermark is a horizon past: its ids leave {@code
     * emitted} and its bag is emptied. The watermark has reached {@code now}, and the start of the
     * newest generation too (an id joined it, so the watermark passed that time): the larger of
     * the two, so that at most three generations stay remembered, whatever a runner says {@code
     * now} is. Returns the oldest and newest generations left, or null when none is.
     */
    private KV<Long, Long> forgetDue(
        long now, KV<Long, Long> kept, MapState<String, Boolean> emitted, List<BagState<String>> ring) {
      if (kept == null) {
        return null;
      }
      long oldest = kept.getKey();
      long newest = kept.getValue();
      long reached = Math.max(now, generations.startOf(newest));
      if (generations.forgetAt(oldest) > reached) {
        return kept;
      }
      while (oldest <= newest && generations.forgetAt(oldest) <= reached) {
        BagState<String> ids = ring.get(Math.floorMod(oldest, RING));
        for (String id : ids.read()) {
          emitted.remove(id);
        }
        ids.clear();
        oldest++;
      }
      return oldest > newest ? null : KV.of(oldest, newest);
    }

    /** The bag of {@code generation}; it must not be one a remembered generation is in. */
    private static int slot(long oldest, long generation) {
      if (generation - oldest >= RING) {
        throw new IllegalStateException(
            "generation " + generation + " would share a bag with " + oldest
                + ", which is still remembered");
      }
      return (int) Math.floorMod(generation, (long) RING);
    }

    /** Pending copies by timestamp, then id: the order they are emitted in. */
    private static <T> Comparator<KV<String, TimestampedValue<T>>> inTimestampOrder() {
      return Comparator.<KV<String, TimestampedValue<T>>, Instant>comparing(
              c -> c.getValue().getTimestamp())
          .thenComparing(KV::getKey);
    }
  }
}
