package dev.streamtemplates.transforms.order;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
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
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableComparator;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Feeds each key's elements to a {@link SequenceEvaluator} in event-time order, whatever order
 * they arrive in: the shared engine of rules over a history (fraud per card, anomalies per
 * sensor).
 *
 * <p>How: each key buffers its elements and sets an event-time timer at the earliest one. When
 * the watermark passes it, every element up to it is inserted into the key's history in order
 * {@code (timestamp, comparator)} and evaluated against the elements before it. The timer holds
 * the watermark at the element, so results are on time downstream.
 *
 * <p>Late elements (behind the watermark, within the allowed lateness the parse step enforces)
 * are inserted at their place and evaluated against their true history, flagged late. Every
 * later element already evaluated is evaluated again (it now has a different past); only
 * results of a kind it had not emitted before come out, flagged late: a result once written is
 * not taken back.
 *
 * <p>Bounded state: a key keeps what a future, not-too-late element can need: the last {@code
 * keepLast} elements and all those within {@code keepWithin} before the earliest timestamp still
 * accepted (the evaluation frontier minus the allowed lateness). A key with no element for
 * {@code forgetAfter} of event time is cleared by a timer; an element after that sees no history.
 *
 * @param <V> elements (their coder is the input's value coder)
 * @param <O> results
 */
public final class OrderByEventTime<V, O>
    extends PTransform<PCollection<KV<String, V>>, PCollection<O>> {
  /** Counter (in the pipeline's namespace) of elements evaluated after later ones: late data. */
  public static final String EVALUATED_LATE = "evaluatedLate";

  private final String namespace;
  private final SequenceEvaluator<V, O> evaluator;
  private final Coder<O> outputCoder;
  private final SerializableComparator<V> tieBreak;
  private final int keepLast;
  private final Duration keepWithin;
  private final Duration allowedLateness;
  private final Duration forgetAfter;
  private final Duration idleTimeout; // ZERO: no idle callbacks

  private OrderByEventTime(
      String namespace,
      SequenceEvaluator<V, O> evaluator,
      Coder<O> outputCoder,
      SerializableComparator<V> tieBreak,
      int keepLast,
      Duration keepWithin,
      Duration allowedLateness,
      Duration forgetAfter,
      Duration idleTimeout) {
    this.namespace = namespace;
    this.evaluator = evaluator;
    this.outputCoder = outputCoder;
    this.tieBreak = tieBreak;
    this.keepLast = keepLast;
    this.keepWithin = keepWithin;
    this.allowedLateness = allowedLateness;
    this.forgetAfter = forgetAfter;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Orders by timestamp, then by {@code tieBreak}; keeps nothing and forgets a key after a day
   * until told otherwise.
   */
  public static <V, O> OrderByEventTime<V, O> of(
      String namespace,
      SequenceEvaluator<V, O> evaluator,
      Coder<O> outputCoder,
      SerializableComparator<V> tieBreak) {
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, 0, Duration.ZERO, Duration.ZERO,
        Duration.standardDays(1), Duration.ZERO);
  }

  /** History an element may need: its {@code count} predecessors and all within {@code window}. */
  public OrderByEventTime<V, O> keeping(int count, Duration window) {
    if (count < 0 || window.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("history to keep must be >= 0, got " + count + ", " + window);
    }
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, count, window, allowedLateness, forgetAfter,
        idleTimeout);
  }

  /** How far behind the evaluation frontier an element may still arrive (history is kept for it). */
  public OrderByEventTime<V, O> withAllowedLateness(Duration lateness) {
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, keepLast, keepWithin, lateness, forgetAfter,
        idleTimeout);
  }

  /** Clears a key's state once it has had no element for {@code inactivity} of event time. */
  public OrderByEventTime<V, O> forgettingKeysAfter(Duration inactivity) {
    if (!inactivity.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("inactivity horizon must be > 0, got " + inactivity);
    }
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, keepLast, keepWithin, allowedLateness,
        inactivity, idleTimeout);
  }

  /**
   * Calls {@link SequenceEvaluator#onIdle} once the watermark is more than {@code timeout} past a
   * key's newest element (again after each new element). Must be shorter than the forget horizon.
   */
  public OrderByEventTime<V, O> withIdleTimeout(Duration timeout) {
    if (!timeout.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("idle timeout must be > 0, got " + timeout);
    }
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, keepLast, keepWithin, allowedLateness,
        forgetAfter, timeout);
  }

  @Override
  public PCollection<O> expand(PCollection<KV<String, V>> input) {
    if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          "OrderByEventTime keeps one history per key: apply it before any windowing");
    }
    if (!forgetAfter.isLongerThan(idleTimeout)) {
      throw new IllegalArgumentException(
          "the forget horizon (" + forgetAfter + ") must be longer than the idle timeout ("
              + idleTimeout + "): a forgotten key cannot go idle");
    }
    @SuppressWarnings("unchecked")
    Coder<V> valueCoder = ((KvCoder<String, V>) input.getCoder()).getValueCoder();
    return input
        .apply("InEventTimeOrder", ParDo.of(new OrderFn<>(this, valueCoder)))
        .setCoder(outputCoder);
  }

  static final class OrderFn<V, O> extends DoFn<KV<String, V>, O> {
    private final SequenceEvaluator<V, O> evaluator;
    private final Comparator<TimestampedValue<V>> order;
    private final int keepLast;
    private final long keepWithinMillis;
    private final long latenessMillis;
    private final long forgetAfterMillis;
    private final long idleTimeoutMillis;
    private final Counter evaluatedLate;

    @StateId("pending")
    private final StateSpec<BagState<TimestampedValue<V>>> pendingSpec;

    @StateId("history")
    private final StateSpec<ValueState<History<V>>> historySpec;

    /** When the evaluate timer is set for, so a new element only moves it earlier. */
    @StateId("evaluateAt")
    private final StateSpec<ValueState<Long>> evaluateAtSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("evaluate")
    private final TimerSpec evaluateSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("idle")
    private final TimerSpec idleSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    OrderFn(OrderByEventTime<V, O> spec, Coder<V> valueCoder) {
      this.evaluator = spec.evaluator;
      SerializableComparator<V> tieBreak = spec.tieBreak;
      this.order = orderOf(tieBreak);
      this.keepLast = spec.keepLast;
      this.keepWithinMillis = spec.keepWithin.getMillis();
      this.latenessMillis = spec.allowedLateness.getMillis();
      this.forgetAfterMillis = spec.forgetAfter.getMillis();
      this.idleTimeoutMillis = spec.idleTimeout.getMillis();
      this.evaluatedLate = Metrics.counter(spec.namespace, EVALUATED_LATE);
      this.pendingSpec = StateSpecs.bag(TimestampedValue.TimestampedValueCoder.of(valueCoder));
      this.historySpec = StateSpecs.value(History.Coder.of(valueCoder));
    }

    /** By timestamp, then the tie-break; serializable, unlike a composed lambda. */
    private static <V> Comparator<TimestampedValue<V>> orderOf(SerializableComparator<V> tieBreak) {
      return (SerializableComparator<TimestampedValue<V>>)
          (a, b) -> {
            int byTime = a.getTimestamp().compareTo(b.getTimestamp());
            return byTime != 0 ? byTime : tieBreak.compare(a.getValue(), b.getValue());
          };
    }

    @ProcessElement
    public void process(
        @Element KV<String, V> element,
        @Timestamp Instant timestamp,
        @StateId("pending") BagState<TimestampedValue<V>> pending,
        @StateId("evaluateAt") ValueState<Long> evaluateAt,
        @TimerId("evaluate") Timer evaluate) {
      pending.add(TimestampedValue.of(element.getValue(), timestamp));
      Long at = evaluateAt.read();
      if (at == null || timestamp.getMillis() < at) {
        evaluate.withOutputTimestamp(timestamp).set(timestamp);
        evaluateAt.write(timestamp.getMillis());
      }
    }

    @OnTimer("evaluate")
    public void onEvaluate(
        OnTimerContext context,
        @Key String key,
        @StateId("pending") BagState<TimestampedValue<V>> pending,
        @StateId("history") ValueState<History<V>> historyState,
        @StateId("evaluateAt") ValueState<Long> evaluateAt,
        @TimerId("evaluate") Timer evaluate,
        @TimerId("forget") Timer forget,
        @TimerId("idle") Timer idle) {
      Instant now = context.timestamp(); // the watermark has passed this
      List<TimestampedValue<V>> ready = new ArrayList<>();
      List<TimestampedValue<V>> waiting = new ArrayList<>();
      for (TimestampedValue<V> element : pending.read()) {
        (element.getTimestamp().isAfter(now) ? waiting : ready).add(element);
      }
      History<V> history = historyState.read();
      if (history == null) {
        history = History.empty();
      }
      pending.clear();
      long next = Long.MAX_VALUE;
      long newest = Long.MIN_VALUE;
      for (TimestampedValue<V> element : waiting) {
        pending.add(element);
        next = Math.min(next, element.getTimestamp().getMillis());
        newest = Math.max(newest, element.getTimestamp().getMillis());
      }
      if (next == Long.MAX_VALUE) {
        evaluateAt.clear();
      } else {
        evaluate.withOutputTimestamp(new Instant(next)).set(new Instant(next));
        evaluateAt.write(next);
      }

      if (!ready.isEmpty()) {
        ready.sort(order);
        // Drop what no element from here on can need: none earlier than the allowed lateness
        // behind this timer (or than the earliest one now being evaluated) will be accepted.
        long acceptedFrom =
            Math.min(now.getMillis() - latenessMillis, ready.get(0).getTimestamp().getMillis());
        history.prune(keepLast, acceptedFrom - keepWithinMillis, acceptedFrom);
        evaluateReady(key, ready, history, context);
        history.frontierMillis = Math.max(history.frontierMillis, now.getMillis());
        if (history.forgetAtMillis == Long.MIN_VALUE) {
          // Set once, not at every evaluation: when it fires, onForget moves it on if the key
          // has been active since. Setting a timer costs a runner far more than this check.
          long forgetAt = Math.max(history.frontierMillis, newest) + forgetAfterMillis;
          forget.withNoOutputTimestamp().set(new Instant(forgetAt));
          history.forgetAtMillis = forgetAt;
        }
        historyState.write(history);
        if (idleTimeoutMillis > 0) {
          // Strictly more than the timeout: an element exactly at it still arrives in time.
          Instant idleAt =
              history.entries.get(history.entries.size() - 1).element.getTimestamp()
                  .plus(Duration.millis(idleTimeoutMillis + 1));
          idle.withOutputTimestamp(idleAt).set(idleAt);
        }
      }
    }

    private void evaluateReady(
        String key, List<TimestampedValue<V>> ready, History<V> history, OnTimerContext context) {
      // Insert all first: simultaneous elements see each other.
      List<Entry<V>> entries = history.entries;
      // The newest element evaluated before this firing: anything ordered before it is late.
      TimestampedValue<V> newestEvaluated =
          entries.isEmpty() ? null : entries.get(entries.size() - 1).element;
      long earliestNew = ready.get(0).getTimestamp().getMillis();
      for (TimestampedValue<V> element : ready) {
        Entry<V> entry = new Entry<>(element, 0L);
        entry.fresh = true;
        entries.add(insertionPoint(entries, element), entry);
      }
      List<TimestampedValue<V>> sequence = new ArrayList<>(entries.size());
      for (Entry<V> entry : entries) {
        sequence.add(entry.element);
      }
      for (int i = 0; i < entries.size(); i++) {
        Entry<V> entry = entries.get(i);
        if (entry.element.getTimestamp().getMillis() < earliestNew) {
          continue; // its past and its instant are unchanged
        }
        boolean late =
            !entry.fresh
                || entry.element.getTimestamp().getMillis() < history.frontierMillis
                || (newestEvaluated != null && order.compare(entry.element, newestEvaluated) < 0);
        if (entry.fresh && late) {
          evaluatedLate.inc();
        }
        evaluator.evaluate(
            key, sequence, i, late, new EntryResults<>(entries, i, context, entry.element.getTimestamp()));
      }
      for (Entry<V> entry : entries) {
        entry.fresh = false;
      }
    }

    private int insertionPoint(List<Entry<V>> entries, TimestampedValue<V> element) {
      int at = entries.size();
      while (at > 0 && order.compare(entries.get(at - 1).element, element) > 0) {
        at--;
      }
      return at;
    }

    @OnTimer("idle")
    public void onIdle(
        OnTimerContext context,
        @Key String key,
        @StateId("pending") BagState<TimestampedValue<V>> pending,
        @StateId("history") ValueState<History<V>> historyState) {
      History<V> history = historyState.read();
      if (history == null || history.entries.isEmpty()) {
        return;
      }
      for (TimestampedValue<V> element : pending.read()) {
        if (!element.getTimestamp().isAfter(context.timestamp())) {
          return; // an element inside the gap is about to be evaluated: not idle after all
        }
      }
      List<TimestampedValue<V>> sequence = new ArrayList<>(history.entries.size());
      for (Entry<V> entry : history.entries) {
        sequence.add(entry.element);
      }
      int last = history.entries.size() - 1;
      evaluator.onIdle(
          key, sequence, new EntryResults<>(history.entries, last, context, context.timestamp()));
      historyState.write(history);
    }

    /**
     * The key's forget time has come, as set at its first evaluation: clears its history if it
     * has seen no element for {@code forgetAfter}, else moves the timer on to that much after
     * the newest one.
     */
    @OnTimer("forget")
    public void onForget(
        OnTimerContext context,
        @StateId("pending") BagState<TimestampedValue<V>> pending,
        @StateId("history") ValueState<History<V>> historyState,
        @TimerId("forget") Timer forget) {
      History<V> history = historyState.read();
      if (history == null) {
        return;
      }
      long newest = history.frontierMillis;
      for (TimestampedValue<V> element : pending.read()) {
        newest = Math.max(newest, element.getTimestamp().getMillis());
      }
      long forgetAt = newest + forgetAfterMillis;
      if (forgetAt > context.fireTimestamp().getMillis()) {
        forget.withNoOutputTimestamp().set(new Instant(forgetAt));
        history.forgetAtMillis = forgetAt;
        historyState.write(history);
      } else {
        // Pending elements (far ahead in event time) keep their own timer and start afresh.
        historyState.clear();
      }
    }
  }

  /**
   * Emits each kind once per element and remembers it in the entry. Results come out at the
   * evaluation's time (the element evaluated, or the idle moment): a timer may not output
   * earlier than that.
   */
  private static final class EntryResults<V, O> implements SequenceEvaluator.Results<O> {
    private final List<Entry<V>> entries;
    private final int current;
    private final DoFn<KV<String, V>, O>.OnTimerContext context;
    private final Instant outputTime;

    EntryResults(
        List<Entry<V>> entries,
        int current,
        DoFn<KV<String, V>, O>.OnTimerContext context,
        Instant outputTime) {
      this.entries = entries;
      this.current = current;
      this.context = context;
      this.outputTime = outputTime;
    }

    @Override
    public void emit(int kind, O result) {
      emitFor(current, kind, result);
    }

    @Override
    public void emitFor(int index, int kind, O result) {
      if (kind < 0 || kind > 62) {
        throw new IllegalArgumentException("result kind must be in [0, 62], got " + kind);
      }
      if (index < 0 || index > current) {
        throw new IllegalArgumentException(
            "results belong to the element evaluated or an earlier one, got index " + index
                + " while evaluating " + current);
      }
      Entry<V> entry = entries.get(index);
      long bit = 1L << kind;
      if ((entry.emitted & bit) != 0) {
        return;
      }
      entry.emitted |= bit;
      context.outputWithTimestamp(result, outputTime);
    }
  }

  /** One element of a key's history and the kinds of result it has emitted. */
  static final class Entry<V> {
    final TimestampedValue<V> element;
    long emitted;
    /** Inserted in the current firing (not stored). */
    boolean fresh;

    Entry(TimestampedValue<V> element, long emitted) {
      this.element = element;
      this.emitted = emitted;
    }
  }

  /** A key's evaluated elements in order, and how far evaluation has gone. */
  static final class History<V> {
    long frontierMillis;
    /** When the forget timer is set for; {@code Long.MIN_VALUE} until it is set. */
    long forgetAtMillis;
    final List<Entry<V>> entries;

    History(long frontierMillis, long forgetAtMillis, List<Entry<V>> entries) {
      this.frontierMillis = frontierMillis;
      this.forgetAtMillis = forgetAtMillis;
      this.entries = entries;
    }

    static <V> History<V> empty() {
      return new History<>(Long.MIN_VALUE, Long.MIN_VALUE, new ArrayList<>());
    }

    /**
     * Keeps the entries at or after {@code windowStart}, and the {@code keepLast} entries before
     * {@code acceptedFrom} (the earliest timestamp a future element can have).
     */
    void prune(int keepLast, long windowStart, long acceptedFrom) {
      int firstAccepted = 0;
      while (firstAccepted < entries.size()
          && entries.get(firstAccepted).element.getTimestamp().getMillis() < acceptedFrom) {
        firstAccepted++;
      }
      int firstInWindow = 0;
      while (firstInWindow < entries.size()
          && entries.get(firstInWindow).element.getTimestamp().getMillis() < windowStart) {
        firstInWindow++;
      }
      int keepFrom = Math.min(firstInWindow, Math.max(0, firstAccepted - keepLast));
      if (keepFrom > 0) {
        entries.subList(0, keepFrom).clear();
      }
    }

    static final class Coder<V> extends org.apache.beam.sdk.coders.CustomCoder<History<V>> {
      private static final VarLongCoder LONG = VarLongCoder.of();
      private final TimestampedValue.TimestampedValueCoder<V> elementCoder;

      private Coder(org.apache.beam.sdk.coders.Coder<V> valueCoder) {
        this.elementCoder = TimestampedValue.TimestampedValueCoder.of(valueCoder);
      }

      static <V> Coder<V> of(org.apache.beam.sdk.coders.Coder<V> valueCoder) {
        return new Coder<>(valueCoder);
      }

      @Override
      public void encode(History<V> history, java.io.OutputStream out) throws java.io.IOException {
        LONG.encode(history.frontierMillis, out);
        LONG.encode(history.forgetAtMillis, out);
        LONG.encode((long) history.entries.size(), out);
        for (Entry<V> entry : history.entries) {
          LONG.encode(entry.emitted, out);
          elementCoder.encode(entry.element, out);
        }
      }

      @Override
      public History<V> decode(java.io.InputStream in) throws java.io.IOException {
        long frontier = LONG.decode(in);
        long forgetAt = LONG.decode(in);
        int size = Math.toIntExact(LONG.decode(in));
        List<Entry<V>> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          long emitted = LONG.decode(in);
          entries.add(new Entry<>(elementCoder.decode(in), emitted));
        }
        return new History<>(frontier, forgetAt, entries);
      }

      @Override
      public void verifyDeterministic() throws NonDeterministicException {
        elementCoder.verifyDeterministic();
      }
    }
  }
}
