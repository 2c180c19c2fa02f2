package dev.streamtemplates.transforms.order;

import dev.streamtemplates.transforms.keys.StableBuckets;
import dev.streamtemplates.transforms.time.EventTimes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>How: each key buffers its elements until the watermark passes the earliest one; then every
 * element up to it is inserted into the key's history in order {@code (timestamp, comparator)}
 * and evaluated against the elements before it (one firing goes on through the later times the
 * watermark has also passed, as consecutive firings would). The timer that waits for the watermark holds it
 * at the element, so results are on time downstream.
 *
 * <p>State and timers are kept per bucket of keys (a stable hash of the key, {@link #inBuckets}),
 * not per key: a runner tracks a fixed number of keys and timers however many cards or devices
 * there are (the Direct runner scans every key holding a timer at each step, and fires each
 * key's timers as a bundle of its own). A bucket holds its keys' histories in a map, their
 * pending elements in a map by timestamp, and three timers set for the earliest of its keys'
 * evaluation, idle and forget times. A firing does, for every key due at its time, what a timer
 * of that key would have done, so results do not depend on the bucket count. An idle or forget
 * firing reads the bucket's histories to find the keys due: keep buckets to tens of keys, not
 * thousands. A bucket with nothing pending or remembered holds no state and no timer.
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

  /** Buckets keys are spread over by default (see {@link #inBuckets}). */
  public static final int DEFAULT_BUCKETS = 1024;

  private final String namespace;
  private final SequenceEvaluator<V, O> evaluator;
  private final Coder<O> outputCoder;
  private final SerializableComparator<V> tieBreak;
  private final int keepLast;
  private final Duration keepWithin;
  private final Duration allowedLateness;
  private final Duration forgetAfter;
  private final Duration idleTimeout; // ZERO: no idle callbacks
  private final int buckets;

  private OrderByEventTime(
      String namespace,
      SequenceEvaluator<V, O> evaluator,
      Coder<O> outputCoder,
      SerializableComparator<V> tieBreak,
      int keepLast,
      Duration keepWithin,
      Duration allowedLateness,
      Duration forgetAfter,
      Duration idleTimeout,
      int buckets) {
    this.namespace = namespace;
    this.evaluator = evaluator;
    this.outputCoder = outputCoder;
    this.tieBreak = tieBreak;
    this.keepLast = keepLast;
    this.keepWithin = keepWithin;
    this.allowedLateness = allowedLateness;
    this.forgetAfter = forgetAfter;
    this.idleTimeout = idleTimeout;
    this.buckets = buckets;
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
        Duration.standardDays(1), Duration.ZERO, DEFAULT_BUCKETS);
  }

  /** History an element may need: its {@code count} predecessors and all within {@code window}. */
  public OrderByEventTime<V, O> keeping(int count, Duration window) {
    if (count < 0 || window.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("history to keep must be >= 0, got " + count + ", " + window);
    }
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, count, window, allowedLateness, forgetAfter,
        idleTimeout, buckets);
  }

  /** How far behind the evaluation frontier an element may still arrive (history is kept for it). */
  public OrderByEventTime<V, O> withAllowedLateness(Duration lateness) {
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, keepLast, keepWithin, lateness, forgetAfter,
        idleTimeout, buckets);
  }

  /** Clears a key's state once it has had no element for {@code inactivity} of event time. */
  public OrderByEventTime<V, O> forgettingKeysAfter(Duration inactivity) {
    if (!inactivity.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("inactivity horizon must be > 0, got " + inactivity);
    }
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, keepLast, keepWithin, allowedLateness,
        inactivity, idleTimeout, buckets);
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
        forgetAfter, timeout, buckets);
  }

  /**
   * How many buckets the keys are spread over: the keys (and timers) the runner tracks, so also
   * the most workers the step can spread over. Fewer buckets mean fewer timers; more mean less
   * state read per firing. 1 puts every key in one bucket (tests use it to share state).
   */
  public OrderByEventTime<V, O> inBuckets(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("bucket count must be >= 1, got " + count);
    }
    return new OrderByEventTime<>(
        namespace, evaluator, outputCoder, tieBreak, keepLast, keepWithin, allowedLateness,
        forgetAfter, idleTimeout, count);
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
    String[] names = StableBuckets.names("", buckets);
    return input
        .apply("KeyByBucket", ParDo.of(new KeyByBucketFn<V>(names)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), valueCoder)))
        .apply("InEventTimeOrder", ParDo.of(new OrderFn<>(this, valueCoder)))
        .setCoder(outputCoder);
  }

  /** {@code (key, v)} to {@code (bucket of key, (key, v))}. */
  static final class KeyByBucketFn<V> extends DoFn<KV<String, V>, KV<String, KV<String, V>>> {
    private final String[] names;

    KeyByBucketFn(String[] names) {
      this.names = names;
    }

    @ProcessElement
    public void process(
        @Element KV<String, V> element, OutputReceiver<KV<String, KV<String, V>>> out) {
      out.output(KV.of(names[StableBuckets.of(element.getKey(), names.length)], element));
    }
  }

  /**
   * The engine, keyed by bucket: each logical key's history is an entry of its bucket's map, its
   * pending elements sit in the bucket's map of them by timestamp, and the bucket's three timers
   * stand for the earliest of its keys' evaluation, idle and forget times. Each firing does, for
   * every key due at that time, exactly what a timer of that key would have done.
   */
  static final class OrderFn<V, O> extends DoFn<KV<String, KV<String, V>>, O> {
    private final SequenceEvaluator<V, O> evaluator;
    private final Comparator<TimestampedValue<V>> order;
    private final int keepLast;
    private final long keepWithinMillis;
    private final long latenessMillis;
    private final long forgetAfterMillis;
    private final long idleTimeoutMillis;
    private final Counter evaluatedLate;

    /**
     * Elements not evaluated yet, with their logical key, by timestamp: a firing reads the
     * elements due and the times of the others, not every element waiting.
     */
    @StateId("pending")
    private final StateSpec<MapState<Long, List<KV<String, V>>>> pendingSpec;

    /** Each logical key's history, until it is forgotten. */
    @StateId("histories")
    private final StateSpec<MapState<String, History<V>>> historiesSpec;

    /** When the evaluate timer is set for, so a new element only moves it earlier. */
    @StateId("evaluateAt")
    private final StateSpec<ValueState<Long>> evaluateAtSpec = StateSpecs.value(VarLongCoder.of());

    /** When the forget timer is set for: no key's forget time is earlier. */
    @StateId("forgetAt")
    private final StateSpec<ValueState<Long>> forgetAtSpec = StateSpecs.value(VarLongCoder.of());

    /** When the idle timer is set for: no key's idle time is earlier. */
    @StateId("idleAt")
    private final StateSpec<ValueState<Long>> idleAtSpec = StateSpecs.value(VarLongCoder.of());

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
      this.pendingSpec =
          StateSpecs.map(
              VarLongCoder.of(), ListCoder.of(KvCoder.of(StringUtf8Coder.of(), valueCoder)));
      this.historiesSpec = StateSpecs.map(StringUtf8Coder.of(), History.Coder.of(valueCoder));
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
        @Element KV<String, KV<String, V>> element,
        @Timestamp Instant timestamp,
        @StateId("pending") MapState<Long, List<KV<String, V>>> pending,
        @StateId("evaluateAt") ValueState<Long> evaluateAt,
        @TimerId("evaluate") Timer evaluate) {
      List<KV<String, V>> atTime = pending.get(timestamp.getMillis()).read();
      List<KV<String, V>> elements = atTime == null ? new ArrayList<>(1) : new ArrayList<>(atTime);
      elements.add(element.getValue());
      pending.put(timestamp.getMillis(), elements);
      Long at = evaluateAt.read();
      if (at == null || timestamp.getMillis() < at) {
        evaluate.withOutputTimestamp(timestamp).set(timestamp);
        evaluateAt.write(timestamp.getMillis());
      }
    }

    /**
     * The watermark has passed the bucket's earliest pending element: evaluate what is due. One
     * firing does what consecutive firings would: first everything up to this timer's time, then
     * each later pending time the watermark has passed ({@link EventTimes#watermarkReached}), in
     * order, as long as no idle or forget time of the bucket comes first (those timers keep their
     * turn: the evaluate timer is set again for the rest).
     */
    @OnTimer("evaluate")
    public void onEvaluate(
        OnTimerContext context,
        @StateId("pending") MapState<Long, List<KV<String, V>>> pending,
        @StateId("histories") MapState<String, History<V>> histories,
        @StateId("evaluateAt") ValueState<Long> evaluateAt,
        @StateId("forgetAt") ValueState<Long> forgetAt,
        @StateId("idleAt") ValueState<Long> idleAt,
        @TimerId("evaluate") Timer evaluate,
        @TimerId("forget") Timer forget,
        @TimerId("idle") Timer idle) {
      long fired = context.timestamp().getMillis(); // the watermark has passed this
      long watermark = EventTimes.watermarkReached(context.timestamp(), evaluate);
      List<Long> times = new ArrayList<>();
      for (Long time : pending.keys().read()) {
        times.add(time);
      }
      Collections.sort(times);

      Long forgetTimer = forgetAt.read();
      Long idleTimer = idleAt.read();
      long earliestForget = forgetTimer == null ? Long.MAX_VALUE : forgetTimer;
      long earliestIdle = idleTimer == null ? Long.MAX_VALUE : idleTimer;
      Map<String, History<V>> touched = new LinkedHashMap<>();
      int at = 0;
      while (at < times.size()) {
        // A firing's time: this timer's first, then the next pending time, if nothing else is due.
        long now = at == 0 ? Math.max(fired, times.get(0)) : times.get(at);
        if (now > fired
            && (now >= watermark || now > Math.min(earliestForget, earliestIdle))) {
          break;
        }
        Map<String, List<TimestampedValue<V>>> ready = new LinkedHashMap<>();
        for (; at < times.size() && times.get(at) <= now; at++) {
          long time = times.get(at);
          Instant timestamp = new Instant(time);
          for (KV<String, V> keyed : pending.get(time).read()) {
            ready
                .computeIfAbsent(keyed.getKey(), k -> new ArrayList<>())
                .add(TimestampedValue.of(keyed.getValue(), timestamp));
          }
          pending.remove(time);
        }
        for (Map.Entry<String, List<TimestampedValue<V>>> due : ready.entrySet()) {
          String key = due.getKey();
          History<V> history = touched.get(key);
          if (history == null) {
            history = histories.get(key).read();
            if (history == null) {
              history = History.empty();
            }
            touched.put(key, history);
          }
          List<TimestampedValue<V>> elements = due.getValue();
          elements.sort(order);
          // Drop what no element from here on can need: none earlier than the allowed lateness
          // behind this time (or than the earliest one now being evaluated) will be accepted.
          long acceptedFrom =
              Math.min(now - latenessMillis, elements.get(0).getTimestamp().getMillis());
          history.prune(keepLast, acceptedFrom - keepWithinMillis, acceptedFrom);
          evaluateReady(key, elements, history, context);
          history.frontierMillis = Math.max(history.frontierMillis, now);
          if (history.forgetAtMillis == Long.MIN_VALUE) {
            // Set once, not at every evaluation: when it comes, onForget moves it on if the key
            // has been active since (its newer elements are evaluated or still pending by then).
            history.forgetAtMillis = history.frontierMillis + forgetAfterMillis;
            earliestForget = Math.min(earliestForget, history.forgetAtMillis);
          }
          if (idleTimeoutMillis > 0) {
            // Strictly more than the timeout: an element exactly at it still arrives in time.
            history.idleAtMillis =
                history.entries.get(history.entries.size() - 1).element.getTimestamp().getMillis()
                    + idleTimeoutMillis + 1;
            earliestIdle = Math.min(earliestIdle, history.idleAtMillis);
          }
        }
      }
      for (Map.Entry<String, History<V>> keyed : touched.entrySet()) {
        histories.put(keyed.getKey(), keyed.getValue());
      }
      if (at == times.size()) {
        evaluateAt.clear();
      } else {
        long next = times.get(at);
        evaluate.withOutputTimestamp(new Instant(next)).set(new Instant(next));
        evaluateAt.write(next);
      }
      // Timers only move earlier here; a firing for a key that has moved on finds nothing due.
      if (earliestForget != Long.MAX_VALUE
          && (forgetTimer == null || earliestForget < forgetTimer)) {
        forget.withNoOutputTimestamp().set(new Instant(earliestForget));
        forgetAt.write(earliestForget);
      }
      if (earliestIdle != Long.MAX_VALUE && (idleTimer == null || earliestIdle < idleTimer)) {
        idle.withOutputTimestamp(new Instant(earliestIdle)).set(new Instant(earliestIdle));
        idleAt.write(earliestIdle);
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
            key,
            sequence,
            i,
            late,
            new EntryResults<>(entries, i, context, entry.element.getTimestamp()));
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

    /**
     * The watermark has passed the bucket's earliest idle time: every key idle by now is
     * reported once (unless an element inside its gap is about to be evaluated), and the timer
     * moves to the next key's idle time.
     */
    @OnTimer("idle")
    public void onIdle(
        OnTimerContext context,
        @StateId("pending") MapState<Long, List<KV<String, V>>> pending,
        @StateId("histories") MapState<String, History<V>> histories,
        @StateId("idleAt") ValueState<Long> idleAt,
        @TimerId("idle") Timer idle) {
      long now = context.timestamp().getMillis();
      Set<String> dueSoon = null; // read only if some key is idle now
      long next = Long.MAX_VALUE;
      List<KV<String, History<V>>> changed = new ArrayList<>();
      for (Map.Entry<String, History<V>> keyed : histories.entries().read()) {
        History<V> history = keyed.getValue();
        if (history.idleAtMillis == Long.MIN_VALUE) {
          continue;
        }
        if (history.idleAtMillis > now) {
          next = Math.min(next, history.idleAtMillis);
          continue;
        }
        history.idleAtMillis = Long.MIN_VALUE; // reported, or not idle after all
        if (dueSoon == null) {
          dueSoon = keysPendingUpTo(pending, now);
        }
        if (!dueSoon.contains(keyed.getKey()) && !history.entries.isEmpty()) {
          List<TimestampedValue<V>> sequence = new ArrayList<>(history.entries.size());
          for (Entry<V> entry : history.entries) {
            sequence.add(entry.element);
          }
          int last = history.entries.size() - 1;
          evaluator.onIdle(
              keyed.getKey(),
              sequence,
              new EntryResults<>(history.entries, last, context, context.timestamp()));
        }
        changed.add(KV.of(keyed.getKey(), history));
      }
      for (KV<String, History<V>> keyed : changed) {
        histories.put(keyed.getKey(), keyed.getValue());
      }
      if (next == Long.MAX_VALUE) {
        idleAt.clear();
      } else {
        idle.withOutputTimestamp(new Instant(next)).set(new Instant(next));
        idleAt.write(next);
      }
    }

    /**
     * The watermark has passed the bucket's earliest forget time: each key due clears its
     * history if it has seen no element for {@code forgetAfter}, else moves its forget time on
     * to that much after its newest one; the timer moves to the next key's forget time.
     */
    @OnTimer("forget")
    public void onForget(
        OnTimerContext context,
        @StateId("pending") MapState<Long, List<KV<String, V>>> pending,
        @StateId("histories") MapState<String, History<V>> histories,
        @StateId("forgetAt") ValueState<Long> forgetAt,
        @TimerId("forget") Timer forget) {
      long now = context.fireTimestamp().getMillis();
      Map<String, Long> newestPending = null; // read only if some key is due now
      long next = Long.MAX_VALUE;
      List<KV<String, History<V>>> movedOn = new ArrayList<>();
      List<String> forgotten = new ArrayList<>();
      for (Map.Entry<String, History<V>> keyed : histories.entries().read()) {
        History<V> history = keyed.getValue();
        if (history.forgetAtMillis > now) {
          next = Math.min(next, history.forgetAtMillis);
          continue;
        }
        if (newestPending == null) {
          newestPending = newestPendingByKey(pending);
        }
        long newest =
            Math.max(
                history.frontierMillis,
                newestPending.getOrDefault(keyed.getKey(), Long.MIN_VALUE));
        long forgetAtMillis = newest + forgetAfterMillis;
        if (forgetAtMillis > now) {
          history.forgetAtMillis = forgetAtMillis;
          movedOn.add(KV.of(keyed.getKey(), history));
          next = Math.min(next, forgetAtMillis);
        } else {
          // Pending elements (far ahead in event time) start afresh when evaluated.
          forgotten.add(keyed.getKey());
        }
      }
      for (KV<String, History<V>> keyed : movedOn) {
        histories.put(keyed.getKey(), keyed.getValue());
      }
      for (String key : forgotten) {
        histories.remove(key);
      }
      if (next == Long.MAX_VALUE) {
        forgetAt.clear();
      } else {
        forget.withNoOutputTimestamp().set(new Instant(next));
        forgetAt.write(next);
      }
    }

    /** The keys with an element pending at or before {@code time}: about to be evaluated. */
    private static <V> Set<String> keysPendingUpTo(
        MapState<Long, List<KV<String, V>>> pending, long time) {
      Set<String> keys = new HashSet<>();
      for (Map.Entry<Long, List<KV<String, V>>> atTime : pending.entries().read()) {
        if (atTime.getKey() <= time) {
          for (KV<String, V> keyed : atTime.getValue()) {
            keys.add(keyed.getKey());
          }
        }
      }
      return keys;
    }

    /** Each key's newest pending timestamp. */
    private static <V> Map<String, Long> newestPendingByKey(
        MapState<Long, List<KV<String, V>>> pending) {
      Map<String, Long> newest = new HashMap<>();
      for (Map.Entry<Long, List<KV<String, V>>> atTime : pending.entries().read()) {
        for (KV<String, V> keyed : atTime.getValue()) {
          newest.merge(keyed.getKey(), atTime.getKey(), Math::max);
        }
      }
      return newest;
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
    private final DoFn<KV<String, KV<String, V>>, O>.OnTimerContext context;
    private final Instant outputTime;

    EntryResults(
        List<Entry<V>> entries,
        int current,
        DoFn<KV<String, KV<String, V>>, O>.OnTimerContext context,
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
    /** When the key is forgotten unless active since; {@code Long.MIN_VALUE} until set. */
    long forgetAtMillis;
    /** When the key is idle unless an element comes; {@code Long.MIN_VALUE}: not watched. */
    long idleAtMillis;
    final List<Entry<V>> entries;

    History(long frontierMillis, long forgetAtMillis, long idleAtMillis, List<Entry<V>> entries) {
      this.frontierMillis = frontierMillis;
      this.forgetAtMillis = forgetAtMillis;
      this.idleAtMillis = idleAtMillis;
      this.entries = entries;
    }

    static <V> History<V> empty() {
      return new History<>(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, new ArrayList<>());
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
        LONG.encode(history.idleAtMillis, out);
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
        long idleAt = LONG.decode(in);
        int size = Math.toIntExact(LONG.decode(in));
        List<Entry<V>> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          long emitted = LONG.decode(in);
          entries.add(new Entry<>(elementCoder.decode(in), emitted));
        }
        return new History<>(frontier, forgetAt, idleAt, entries);
      }

      @Override
      public void verifyDeterministic() throws NonDeterministicException {
        elementCoder.verifyDeterministic();
      }
    }
  }
}
