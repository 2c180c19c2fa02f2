package dev.streamtemplates.transforms.dedup;

import dev.streamtemplates.transforms.keys.StableBuckets;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Drops retransmissions: of the records sharing an id, the one with the earliest event time
 * counts, whatever order they arrive in; the others are counted in {@code duplicates}.
 *
 * <p>Arrival order cannot decide, so each id's earliest copy is held until the watermark passes
 * its event time, then emitted with that timestamp (a timer holds the watermark, so the record
 * is still on time downstream). The id is then remembered for {@code horizon} of event time and
 * forgotten by a timer, so state does not grow with the number of ids ever seen. A copy arriving
 * after its id's record was emitted is a duplicate even if its timestamp is earlier: the emitted
 * record cannot be taken back (such a copy is late, by definition of the watermark).
 *
 * <p>How: state and timers are kept per bucket of ids (a stable hash of the id), not per id, so
 * a runner tracks a fixed number of keys and timers however many ids are in the horizon. A
 * bucket holds its ids' pending copies and emitted ids, a release timer at its earliest pending
 * copy (holding the watermark there, as a timer per id would) and a forget timer at its earliest
 * expiry (holding nothing). Both still fire once per distinct time, as timers per id would: only
 * a timer firing tells user code that the watermark has passed a time, so a coarser forget timer
 * would still recognise ids after their horizon. A forget firing only marks the ids up to its
 * time as forgotten; they leave state in batches, when the bucket's short list of next expiries
 * runs out. A bucket with nothing pending or remembered holds no state and no timer.
 */
public final class DeduplicateById<T> extends PTransform<PCollection<T>, PCollection<T>> {
  static final int DEFAULT_BUCKETS = 1024;

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
            "KeyByIdBucket",
            WithKeys.of((SerializableFunction<T, String>) r -> bucketOf(id.apply(r), names))
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("KeepEarliest", ParDo.of(new KeepEarliestFn<>(namespace, idOf, coder, horizon)))
        .setCoder(coder);
  }

  /** The bucket of an id, as its string key (see {@link StableBuckets}). */
  static String bucketOf(String id, String[] names) {
    return names[StableBuckets.of(id, names.length)];
  }

  static final class KeepEarliestFn<T> extends DoFn<KV<String, T>, T> {
    private final Counter duplicates;
    private final SerializableFunction<T, String> idOf;
    private final long horizonMillis;

    /**
     * How many next expiries a bucket lists: the ids are scanned once per this many expiries
     * (about), instead of at each one.
     */
    private static final int LISTED_EXPIRIES = 16;

    /** Each id's earliest copy so far, until the watermark passes it. */
    @StateId("pending")
    private final StateSpec<MapState<String, TimestampedValue<T>>> pendingSpec;

    /**
     * Each emitted id with its record's timestamp. An id is forgotten once {@code forgottenUpTo}
     * reaches its expiry (timestamp + horizon), and removed from here in batches after that.
     */
    @StateId("emitted")
    private final StateSpec<MapState<String, Long>> emittedSpec =
        StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

    /** When the release timer is set for, so a new copy only moves it earlier. */
    @StateId("releaseAt")
    private final StateSpec<ValueState<Long>> releaseAtSpec = StateSpecs.value(VarLongCoder.of());

    /**
     * The next expiry times of the remembered ids, ascending and distinct; every id whose expiry
     * is not listed expires after the last one listed. The forget timer is set for the first.
     * Empty (cleared) exactly when no id is remembered.
     */
    @StateId("expiries")
    private final StateSpec<ValueState<List<Long>>> expiriesSpec =
        StateSpecs.value(ListCoder.of(VarLongCoder.of()));

    /** The forget timer's last firing: the watermark has passed it. */
    @StateId("forgottenUpTo")
    private final StateSpec<ValueState<Long>> forgottenUpToSpec =
        StateSpecs.value(VarLongCoder.of());

    @TimerId("release")
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    KeepEarliestFn(
        String namespace, SerializableFunction<T, String> idOf, Coder<T> coder, Duration horizon) {
      this.duplicates = Metrics.counter(namespace, PipelineCounters.DUPLICATES);
      this.idOf = idOf;
      this.horizonMillis = horizon.getMillis();
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
        @Element KV<String, T> element,
        @Timestamp Instant timestamp,
        @StateId("pending") MapState<String, TimestampedValue<T>> pending,
        @StateId("emitted") MapState<String, Long> emitted,
        @StateId("forgottenUpTo") ValueState<Long> forgottenUpTo,
        @StateId("releaseAt") ValueState<Long> releaseAt,
        @TimerId("release") Timer release) {
      T record = element.getValue();
      String id = idOf.apply(record);
      Long emittedAt = emitted.get(id).read();
      if (emittedAt != null && !isForgotten(emittedAt, forgottenUpTo.read())) {
        duplicates.inc();
        return;
      }
      TimestampedValue<T> held = pending.get(id).read();
      if (held != null) {
        duplicates.inc(); // one of the two copies is a duplicate, whichever wins
        if (!timestamp.isBefore(held.getTimestamp())) {
          return; // same or later timestamp: the held copy wins
        }
      }
      pending.put(id, TimestampedValue.of(record, timestamp));
      Long at = releaseAt.read();
      if (at == null || timestamp.getMillis() < at) {
        release.withOutputTimestamp(timestamp).set(timestamp);
        releaseAt.write(timestamp.getMillis());
      }
    }

    /** The watermark has passed the bucket's earliest pending copy: emit what is due. */
    @OnTimer("release")
    public void onRelease(
        OnTimerContext context,
        @StateId("pending") MapState<String, TimestampedValue<T>> pending,
        @StateId("emitted") MapState<String, Long> emitted,
        @StateId("releaseAt") ValueState<Long> releaseAt,
        @StateId("expiries") ValueState<List<Long>> expiries,
        @TimerId("release") Timer release,
        @TimerId("forget") Timer forget,
        OutputReceiver<T> out) {
      long now = context.fireTimestamp().getMillis();
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
      due.sort(inTimestampOrder());
      for (KV<String, TimestampedValue<T>> idAndCopy : due) {
        TimestampedValue<T> copy = idAndCopy.getValue();
        out.outputWithTimestamp(copy.getValue(), copy.getTimestamp());
        pending.remove(idAndCopy.getKey());
        emitted.put(idAndCopy.getKey(), copy.getTimestamp().getMillis());
      }
      if (next == Long.MAX_VALUE) {
        pending.clear();
        releaseAt.clear();
      } else {
        release.withOutputTimestamp(new Instant(next)).set(new Instant(next));
        releaseAt.write(next);
      }
      if (!due.isEmpty()) {
        remember(due, expiries, forget);
      }
    }

    /**
     * Lists the expiries of newly emitted ids where they belong: all of them if nothing was
     * remembered, else those before the last listed (a late copy's). Later ones are found when
     * the list runs out.
     */
    private void remember(
        List<KV<String, TimestampedValue<T>>> emittedNow,
        ValueState<List<Long>> expiries,
        Timer forget) {
      List<Long> listed = expiries.read();
      long last = listed == null ? Long.MAX_VALUE : listed.get(listed.size() - 1);
      TreeSet<Long> next = null;
      for (KV<String, TimestampedValue<T>> idAndCopy : emittedNow) {
        long expiry = idAndCopy.getValue().getTimestamp().getMillis() + horizonMillis;
        if (expiry < last) {
          if (next == null) {
            next = listed == null ? new TreeSet<>() : new TreeSet<>(listed);
          }
          next.add(expiry);
        }
      }
      if (next == null || (listed != null && next.size() == listed.size())) {
        return; // the usual case: in timestamp order, these expire after the last listed
      }
      while (next.size() > LISTED_EXPIRIES) {
        next.pollLast(); // unlisted ids still expire after the last listed
      }
      setNextExpiries(new ArrayList<>(next), expiries, forget);
    }

    /**
     * The watermark has passed the bucket's next expiry: the ids expiring up to now are forgotten.
     * When no listed expiry is left, they are removed and the next expiries are listed.
     */
    @OnTimer("forget")
    public void onForget(
        OnTimerContext context,
        @StateId("emitted") MapState<String, Long> emitted,
        @StateId("expiries") ValueState<List<Long>> expiries,
        @StateId("forgottenUpTo") ValueState<Long> forgottenUpTo,
        @TimerId("forget") Timer forget) {
      long now = context.fireTimestamp().getMillis();
      forgottenUpTo.write(now);
      List<Long> listed = expiries.read();
      int passed = 0;
      while (listed != null && passed < listed.size() && listed.get(passed) <= now) {
        passed++;
      }
      List<Long> next =
          listed == null ? List.of() : listed.subList(passed, listed.size());
      if (next.isEmpty()) {
        next = removeForgottenAndListNext(emitted, now);
      }
      if (next.isEmpty()) {
        emitted.clear();
        expiries.clear();
        forgottenUpTo.clear();
        return;
      }
      setNextExpiries(next, expiries, forget);
    }

    /** Removes the ids forgotten by {@code now}; returns the first expiries of those left. */
    private List<Long> removeForgottenAndListNext(MapState<String, Long> emitted, long now) {
      List<String> forgotten = new ArrayList<>();
      TreeSet<Long> next = new TreeSet<>();
      for (Map.Entry<String, Long> entry : emitted.entries().read()) {
        long expiry = entry.getValue() + horizonMillis;
        if (expiry <= now) {
          forgotten.add(entry.getKey());
        } else if (next.size() < LISTED_EXPIRIES || expiry < next.last()) {
          next.add(expiry);
          if (next.size() > LISTED_EXPIRIES) {
            next.pollLast();
          }
        }
      }
      for (String id : forgotten) {
        emitted.remove(id);
      }
      return new ArrayList<>(next);
    }

    private boolean isForgotten(long emittedAt, Long forgottenUpTo) {
      return forgottenUpTo != null && emittedAt + horizonMillis <= forgottenUpTo;
    }

    /**
     * The forget timer must not hold the watermark: records emitted by the release timer would
     * be held back downstream by the horizon.
     */
    private static void setNextExpiries(
        List<Long> next, ValueState<List<Long>> expiries, Timer forget) {
      forget.withNoOutputTimestamp().set(new Instant(next.get(0)));
      expiries.write(new ArrayList<>(next));
    }

    /** Pending copies by timestamp, then id: the order they are emitted in. */
    private static <T> Comparator<KV<String, TimestampedValue<T>>> inTimestampOrder() {
      return Comparator.<KV<String, TimestampedValue<T>>, Instant>comparing(
              c -> c.getValue().getTimestamp())
          .thenComparing(KV::getKey);
    }
  }
}
