package dev.streamtemplates.transforms.dedup;

import dev.streamtemplates.transforms.metrics.PipelineCounters;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
 * its event time, then emitted with that timestamp (the timer holds the watermark, so the record
 * is still on time downstream). The id is then remembered for {@code horizon} of event time and
 * forgotten by a timer, so state does not grow with the number of ids ever seen. A copy arriving
 * after its id's record was emitted is a duplicate even if its timestamp is earlier: the emitted
 * record cannot be taken back (such a copy is late, by definition of the watermark).
 */
public final class DeduplicateById<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final String namespace;
  private final SerializableFunction<T, String> idOf;
  private final Duration horizon;

  private DeduplicateById(
      String namespace, SerializableFunction<T, String> idOf, Duration horizon) {
    this.namespace = namespace;
    this.idOf = idOf;
    this.horizon = horizon;
  }

  /**
   * @param namespace the pipeline's counter namespace ({@code duplicates} is counted there)
   * @param idOf the record's id; ids are compared as strings
   */
  public static <T> DeduplicateById<T> of(String namespace, SerializableFunction<T, String> idOf) {
    return new DeduplicateById<>(namespace, idOf, Duration.standardMinutes(10));
  }

  /** How long, in event time after a record, a later copy of it is still recognised. */
  public DeduplicateById<T> rememberingIdsFor(Duration horizon) {
    return new DeduplicateById<>(namespace, idOf, horizon);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    Coder<T> coder = records.getCoder();
    return records
        .apply("KeyById", WithKeys.of(idOf).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("KeepEarliest", ParDo.of(new KeepEarliestFn<>(namespace, coder, horizon)))
        .setCoder(coder);
  }

  static final class KeepEarliestFn<T> extends DoFn<KV<String, T>, T> {
    private final Counter duplicates;
    private final long horizonMillis;

    @StateId("pending")
    private final StateSpec<ValueState<TimestampedValue<T>>> pendingSpec;

    @StateId("emittedAt")
    private final StateSpec<ValueState<Long>> emittedAtSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("release")
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    KeepEarliestFn(String namespace, Coder<T> coder, Duration horizon) {
      this.duplicates = Metrics.counter(namespace, PipelineCounters.DUPLICATES);
      this.horizonMillis = horizon.getMillis();
      this.pendingSpec = StateSpecs.value(TimestampedValue.TimestampedValueCoder.of(coder));
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
        @StateId("pending") ValueState<TimestampedValue<T>> pending,
        @StateId("emittedAt") ValueState<Long> emittedAt,
        @TimerId("release") Timer release) {
      if (emittedAt.read() != null) {
        duplicates.inc();
        return;
      }
      TimestampedValue<T> held = pending.read();
      if (held != null && !timestamp.isBefore(held.getTimestamp())) {
        duplicates.inc(); // same or later timestamp: the held copy wins
        return;
      }
      if (held != null) {
        duplicates.inc(); // this copy is earlier: the held one is the duplicate now
      }
      pending.write(TimestampedValue.of(element.getValue(), timestamp));
      release.withOutputTimestamp(timestamp).set(timestamp);
    }

    @OnTimer("release")
    public void onRelease(
        OnTimerContext context,
        @StateId("pending") ValueState<TimestampedValue<T>> pending,
        @StateId("emittedAt") ValueState<Long> emittedAt,
        @TimerId("release") Timer release,
        OutputReceiver<T> out) {
      TimestampedValue<T> held = pending.read();
      if (held == null) {
        emittedAt.clear(); // the horizon has passed: forget the id
        return;
      }
      out.outputWithTimestamp(held.getValue(), held.getTimestamp());
      pending.clear();
      emittedAt.write(held.getTimestamp().getMillis());
      // The forget timer must not hold the watermark: it holds only at its own target, so the
      // records emitted here are not delayed downstream by the horizon.
      release.set(held.getTimestamp().plus(Duration.millis(horizonMillis)));
    }
  }
}
