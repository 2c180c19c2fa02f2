package dev.streamtemplates.transforms.dedup;

import dev.streamtemplates.transforms.keys.StableBuckets;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import dev.streamtemplates.transforms.time.EventTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * is still on time downstream). The id is then remembered for at least {@code horizon} of event
 * time after its record, and at most half as long again, then forgotten by a timer, so state does
 * not grow with the number of ids ever seen ({@link IdGenerations}). A copy arriving after its
 * id's record was emitted is a duplicate even if its timestamp is earlier: the emitted record
 * cannot be taken back (such a copy is late, by definition of the watermark).
 *
 * <p>How: state and timers are kept per bucket of ids (a stable hash of the id), not per id, so
 * a runner tracks a fixed number of keys and timers however many ids are in the horizon. A
 * bucket holds its ids' pending copies and a release timer at the earliest of them (holding the
 * watermark there, as a timer per id would); when it fires, every copy the watermark has passed
 * is released ({@link EventTimes#watermarkReached}), so a watermark that jumps over many of a
 * bucket's copies costs one firing, not one per copy. Emitted ids are remembered by generation:
 * event time is cut into generations of half the horizon, an id joins the generation of its
 * record's timestamp (or the bucket's newest, if that is later: a late record's), and a
 * generation is forgotten as a whole once the watermark is a horizon past its end. So a bucket's
 * forget timer fires once per generation, not once per id, and never holds the watermark. A
 * bucket with nothing pending or remembered holds no state and no timer.
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
    /** The generations emitted ids are remembered and forgotten by. */
    private final IdGenerations generations;

    /** Each id's earliest copy so far, until the watermark passes it. */
    @StateId("pending")
    private final StateSpec<MapState<String, TimestampedValue<T>>> pendingSpec;

    /** Each remembered id, with its generation. */
    @StateId("emitted")
    private final StateSpec<MapState<String, Long>> emittedSpec =
        StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

    /** When the release timer is set for, so a new copy only moves it earlier. */
    @StateId("releaseAt")
    private final StateSpec<ValueState<Long>> releaseAtSpec = StateSpecs.value(VarLongCoder.of());

    /** The newest generation of emitted ids; cleared when no id is remembered. */
    @StateId("newest")
    private final StateSpec<ValueState<Long>> newestSpec = StateSpecs.value(VarLongCoder.of());

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
        @Element KV<String, T> element,
        @Timestamp Instant timestamp,
        @StateId("pending") MapState<String, TimestampedValue<T>> pending,
        @StateId("emitted") MapState<String, Long> emitted,
        @StateId("releaseAt") ValueState<Long> releaseAt,
        @TimerId("release") Timer release) {
      T record = element.getValue();
      String id = idOf.apply(record);
      if (emitted.get(id).read() != null) {
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

    /**
     * The watermark has passed the bucket's earliest pending copy: emit every copy it has passed,
     * in timestamp order, and remember each id in its generation.
     */
    @OnTimer("release")
    public void onRelease(
        OnTimerContext context,
        @StateId("pending") MapState<String, TimestampedValue<T>> pending,
        @StateId("emitted") MapState<String, Long> emitted,
        @StateId("releaseAt") ValueState<Long> releaseAt,
        @StateId("newest") ValueState<Long> newest,
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
      // Each id joins the generation of its own time, as if released when the watermark passed
      // it, or the bucket's newest if that is later (a late record's): generations only grow.
      Long newestSoFar = newest.read();
      long generation = newestSoFar == null ? Long.MIN_VALUE : newestSoFar;
      for (KV<String, TimestampedValue<T>> idAndCopy : due) {
        TimestampedValue<T> copy = idAndCopy.getValue();
        out.outputWithTimestamp(copy.getValue(), copy.getTimestamp());
        if (next != Long.MAX_VALUE) {
          pending.remove(idAndCopy.getKey());
        }
        long joined = Math.max(generation, generations.at(copy.getTimestamp().getMillis()));
        if (generation == Long.MIN_VALUE) {
          forget.withNoOutputTimestamp().set(new Instant(generations.forgetAt(joined)));
        }
        generation = joined;
        emitted.put(idAndCopy.getKey(), generation);
      }
      if (newestSoFar == null || generation > newestSoFar) {
        newest.write(generation);
      }
    }

    /** The watermark is a horizon past the end of the oldest generation: forget it. */
    @OnTimer("forget")
    public void onForget(
        OnTimerContext context,
        @StateId("emitted") MapState<String, Long> emitted,
        @StateId("newest") ValueState<Long> newest,
        @TimerId("forget") Timer forget) {
      long now = context.fireTimestamp().getMillis();
      long oldestLeft = Long.MAX_VALUE;
      for (Map.Entry<String, Long> entry : emitted.entries().read()) {
        long generation = entry.getValue();
        if (generations.forgetAt(generation) <= now) {
          emitted.remove(entry.getKey());
        } else {
          oldestLeft = Math.min(oldestLeft, generation);
        }
      }
      if (oldestLeft == Long.MAX_VALUE) {
        emitted.clear();
        newest.clear();
        return;
      }
      forget.withNoOutputTimestamp().set(new Instant(generations.forgetAt(oldestLeft)));
    }

    /** Pending copies by timestamp, then id: the order they are emitted in. */
    private static <T> Comparator<KV<String, TimestampedValue<T>>> inTimestampOrder() {
      return Comparator.<KV<String, TimestampedValue<T>>, Instant>comparing(
              c -> c.getValue().getTimestamp())
          .thenComparing(KV::getKey);
    }
  }
}
