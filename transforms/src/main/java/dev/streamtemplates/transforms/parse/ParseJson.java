package dev.streamtemplates.transforms.parse;

import dev.streamtemplates.transforms.deadletter.DeadLetter;
import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import dev.streamtemplates.transforms.time.EventTimes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Parses JSON lines into typed records stamped with their event time; everything else becomes a
 * {@link DeadLetter}. Counts {@code read}, {@code parsed} and {@code deadLettered} in the
 * pipeline's namespace, so that {@code read = parsed + deadLettered}.
 *
 * <p><b>Lateness.</b> On unbounded input, a record whose event time is more than the allowed
 * lateness behind the watermark is dead-lettered and counted in {@code droppedLate}, instead of
 * being dropped silently by a window further down. Beam does not show a watermark to user code,
 * so the check learns it: records are spread over a few keys, and each key keeps an event-time
 * timer that fires when the watermark passes it, telling the key the watermark ({@link
 * EventTimes#watermarkReached}: the watermark itself where the runner tells it, else the firing's
 * time, a lower bound).
 * The same timer holds this step's output watermark at that bound, so no step downstream can see
 * a watermark beyond what the check knew. A record it lets through (at most the allowed lateness
 * behind the known watermark) is therefore never too late for a window downstream whose allowed
 * lateness is at least as long. The price: the output watermark lags the input by up to one
 * probe step (1 s). The check errs only on the side of keeping: a bucket that has been idle
 * knows an older watermark, so a record can be kept (and update results in a late pane) that a
 * perfect check would have dead-lettered; it is never dropped silently. Bounded input cannot be late (its watermark jumps to the end only after the
 * last record), so there the check is skipped.
 */
public final class ParseJson<T extends TimestampedRecord>
    extends PTransform<PCollection<String>, ParsedRecords<T>> {

  static final int DEFAULT_BUCKETS = 16;
  private static final long START = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
  static final Duration DEFAULT_PROBE_STEP = Duration.standardSeconds(1);

  private final String pipelineName;
  private final RecordParser<T> parser;
  private final Coder<T> coder;
  private final Duration allowedLateness;
  private final int buckets;
  private final Duration probeStep;

  private ParseJson(
      String pipelineName,
      RecordParser<T> parser,
      Coder<T> coder,
      Duration allowedLateness,
      int buckets,
      Duration probeStep) {
    this.pipelineName = pipelineName;
    this.parser = parser;
    this.coder = coder;
    this.allowedLateness = allowedLateness;
    this.buckets = buckets;
    this.probeStep = probeStep;
  }

  /**
   * @param pipelineName the counters' namespace and the dead-letter records' {@code pipeline}
   */
  public static <T extends TimestampedRecord> ParseJson<T> of(
      String pipelineName, RecordParser<T> parser, Coder<T> coder) {
    return new ParseJson<>(
        pipelineName, parser, coder, Duration.ZERO, DEFAULT_BUCKETS, DEFAULT_PROBE_STEP);
  }

  /** How far behind the watermark a record may be and still be used (unbounded input only). */
  public ParseJson<T> withAllowedLateness(Duration lateness) {
    if (!(!lateness.isShorterThan(Duration.ZERO))) {
      throw new IllegalArgumentException("allowed lateness must be >= 0");
    }
    return new ParseJson<>(pipelineName, parser, coder, lateness, buckets, probeStep);
  }

  /** How many keys share the lateness check; a few per worker is plenty. */
  public ParseJson<T> withLatenessBuckets(int count) {
    if (!(count > 0)) {
      throw new IllegalArgumentException("buckets must be > 0");
    }
    return new ParseJson<>(pipelineName, parser, coder, allowedLateness, count, probeStep);
  }

  @Override
  public ParsedRecords<T> expand(PCollection<String> lines) {
    TupleTag<T> recordsTag = new TupleTag<>("records") {};
    TupleTag<DeadLetter> deadLettersTag = new TupleTag<>("deadLetters") {};
    PCollectionTuple parsed;
    if (lines.isBounded() == PCollection.IsBounded.BOUNDED) {
      parsed =
          lines.apply(
              "Parse",
              ParDo.of(new ParseFn<>(pipelineName, parser, recordsTag, deadLettersTag))
                  .withOutputTags(recordsTag, TupleTagList.of(deadLettersTag)));
    } else {
      KvCoder<Integer, List<String>> keyed =
          KvCoder.of(VarIntCoder.of(), ListCoder.of(StringUtf8Coder.of()));
      PCollection<KV<Integer, List<String>>> seeds =
          lines
              .getPipeline()
              .apply("LatenessProbeImpulse", Impulse.create())
              .apply("LatenessProbeSeeds", ParDo.of(new SeedBucketsFn(buckets)))
              .setCoder(keyed);
      PCollection<KV<Integer, List<String>>> spread =
          lines
              .apply(
                  "SpreadOverBuckets", ParDo.of(new SpreadFn(buckets, probeStep.getMillis())))
              .setCoder(keyed);
      parsed =
          PCollectionList.of(spread)
              .and(seeds)
              .apply("WithProbeSeeds", Flatten.pCollections())
              .apply(
                  "ParseAndCheckLateness",
                  ParDo.of(
                          new ParseCheckingLatenessFn<>(
                              pipelineName,
                              parser,
                              recordsTag,
                              deadLettersTag,
                              allowedLateness.getMillis(),
                              probeStep.getMillis()))
                      .withOutputTags(recordsTag, TupleTagList.of(deadLettersTag)));
    }
    PCollection<T> records = parsed.get(recordsTag).setCoder(coder);
    PCollection<DeadLetter> deadLetters = parsed.get(deadLettersTag).setCoder(DeadLetter.Coder.of());
    return new ParsedRecords<>(lines.getPipeline(), recordsTag, records, deadLettersTag, deadLetters);
  }

  /**
   * The dead letter's error for a record more than the allowed lateness behind a watermark that
   * has reached {@code watermarkMillis} (the native benchmark jobs say it in the same words).
   */
  public static String lateRecordError(
      long eventTimeMillis, long watermarkMillis, long allowedLatenessMillis) {
    return String.format(
        "late record: event time %s is %s behind the watermark (at %s or later);"
            + " the allowed lateness is %s (--allowedLatenessSec)",
        EventTimes.format(eventTimeMillis),
        EventTimes.seconds(watermarkMillis - eventTimeMillis),
        EventTimes.format(watermarkMillis),
        EventTimes.seconds(allowedLatenessMillis));
  }

  /** The parse itself, shared by both paths. */
  private static final class Parsing<T extends TimestampedRecord> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final String pipelineName;
    final RecordParser<T> parser;
    final Counter read;
    final Counter parsed;
    final Counter deadLettered;

    Parsing(String pipelineName, RecordParser<T> parser) {
      this.pipelineName = pipelineName;
      this.parser = parser;
      this.read = Metrics.counter(pipelineName, PipelineCounters.READ);
      this.parsed = Metrics.counter(pipelineName, PipelineCounters.PARSED);
      this.deadLettered = Metrics.counter(pipelineName, PipelineCounters.DEAD_LETTERED);
    }

    /** Returns the record, or null after emitting a dead letter. */
    T parse(String line, DoFn.MultiOutputReceiver out, TupleTag<DeadLetter> deadLettersTag) {
      read.inc();
      String error;
      try {
        T record = parser.parse(JsonRecord.parse(line));
        parsed.inc();
        return record;
      } catch (InvalidRecordException e) {
        error = e.getMessage();
      } catch (RuntimeException e) {
        // A parser bug must not take the pipeline down or lose the record: dead-letter it.
        error = "could not be parsed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
      }
      deadLettered.inc();
      out.get(deadLettersTag)
          .output(new DeadLetter(pipelineName, error, line, System.currentTimeMillis()));
      return null;
    }
  }

  static final class ParseFn<T extends TimestampedRecord> extends DoFn<String, T> {
    private final Parsing<T> parsing;
    private final TupleTag<T> recordsTag;
    private final TupleTag<DeadLetter> deadLettersTag;

    ParseFn(String pipelineName, RecordParser<T> parser, TupleTag<T> recordsTag,
        TupleTag<DeadLetter> deadLettersTag) {
      this.parsing = new Parsing<>(pipelineName, parser);
      this.recordsTag = recordsTag;
      this.deadLettersTag = deadLettersTag;
    }

    @ProcessElement
    public void process(@Element String line, MultiOutputReceiver out) {
      T record = parsing.parse(line, out, deadLettersTag);
      if (record != null) {
        out.get(recordsTag).outputWithTimestamp(record, new Instant(record.eventTimeMillis()));
      }
    }

    /** Sources stamp records with read time; event time may be earlier. */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }

  /** One seed per bucket, so that every bucket holds the watermark from the start. */
  static final class SeedBucketsFn extends DoFn<byte[], KV<Integer, List<String>>> {
    private final int buckets;

    SeedBucketsFn(int buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(OutputReceiver<KV<Integer, List<String>>> out) {
      for (int b = 0; b < buckets; b++) {
        out.output(KV.of(b, List.of()));
      }
    }
  }

  /**
   * Deals lines over the buckets in runs of {@link #RUN}, each run sent as one element: each
   * bundle starts at a random bucket and moves to the next one with every run. Runs, not single
   * lines: the check then reads and writes its state, and the runner encodes a key, frames an
   * element and sets up a call, once per run instead of once per line. Ten, not more: the Flink
   * runner passes a watermark on only when a step's bundle (1,000 elements) ends, so longer runs
   * make longer bundles, a later watermark and more records waiting for it. A run holds lines of
   * one window; it is sent when it is full and at the end of the bundle, stamped with its earliest
   * line's timestamp. Whenever event time has moved on by a probe step, it also sends every
   * bucket a hint (an empty run at that time), so that buckets that happen to get no records still
   * follow the watermark instead of holding it back.
   */
  static final class SpreadFn extends DoFn<String, KV<Integer, List<String>>> {
    static final int RUN = 10;
    private final int buckets;
    private final long stepMillis;
    private transient int bucket;
    private transient long lastHint;
    /** The open run of each window the bundle has lines in (one, the global window, usually). */
    private transient Map<BoundedWindow, Run> runs;

    SpreadFn(int buckets, long stepMillis) {
      this.buckets = buckets;
      this.stepMillis = stepMillis;
    }

    @Setup
    public void setup() {
      lastHint = Long.MIN_VALUE;
      runs = new HashMap<>();
    }

    @StartBundle
    public void startBundle() {
      bucket = ThreadLocalRandom.current().nextInt(buckets);
    }

    @ProcessElement
    public void process(
        @Element String line,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        OutputReceiver<KV<Integer, List<String>>> out) {
      long time = timestamp.getMillis();
      Run run = runs.get(window);
      if (run == null) {
        run = new Run();
        runs.put(window, run);
      }
      run.add(line, time);
      if (run.lines.size() == RUN) {
        out.outputWithTimestamp(KV.of(nextBucket(), run.lines), new Instant(run.start));
        runs.remove(window);
      }
      if (time > START && (lastHint == Long.MIN_VALUE || time >= lastHint + stepMillis)) {
        lastHint = time;
        for (int b = 0; b < buckets; b++) {
          out.outputWithTimestamp(KV.of(b, List.of()), timestamp);
        }
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Map.Entry<BoundedWindow, Run> open : runs.entrySet()) {
        Run run = open.getValue();
        context.output(KV.of(nextBucket(), run.lines), new Instant(run.start), open.getKey());
      }
      runs.clear();
    }

    /** The bucket for the next run: each run goes to the bucket after the last one's. */
    private int nextBucket() {
      int next = bucket;
      bucket = bucket + 1 == buckets ? 0 : bucket + 1;
      return next;
    }

    /** A run is stamped with its earliest line's timestamp, which can be before the current one. */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }

    /** The lines of one open run and the earliest of their timestamps. */
    private static final class Run {
      final List<String> lines = new ArrayList<>(RUN);
      long start = Long.MAX_VALUE;

      void add(String line, long time) {
        lines.add(line);
        start = Math.min(start, time);
      }
    }
  }

  /**
   * Parses and checks lateness against the watermark its probe timer has seen. See the class
   * comment for why a record it accepts can never be dropped downstream.
   */
  static final class ParseCheckingLatenessFn<T extends TimestampedRecord>
      extends DoFn<KV<Integer, List<String>>, T> {
    /** Consecutive firings with no record in between before the probe starts doubling its step. */
    static final int IDLE_FIRINGS_BEFORE_DOUBLING = 600;

    private static final long END = GlobalWindow.INSTANCE.maxTimestamp().getMillis();

    private final Parsing<T> parsing;
    private final TupleTag<T> recordsTag;
    private final TupleTag<DeadLetter> deadLettersTag;
    private final long allowedLatenessMillis;
    private final long stepMillis;
    private final Counter droppedLate;

    @StateId("probe")
    private final StateSpec<ValueState<ProbeState>> probeState =
        StateSpecs.value(ProbeState.Coder.INSTANCE);

    @TimerId("probe")
    private final TimerSpec probeTimer = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    ParseCheckingLatenessFn(String pipelineName, RecordParser<T> parser, TupleTag<T> recordsTag,
        TupleTag<DeadLetter> deadLettersTag, long allowedLatenessMillis, long stepMillis) {
      this.parsing = new Parsing<>(pipelineName, parser);
      this.recordsTag = recordsTag;
      this.deadLettersTag = deadLettersTag;
      this.allowedLatenessMillis = allowedLatenessMillis;
      this.stepMillis = stepMillis;
      this.droppedLate = Metrics.counter(pipelineName, PipelineCounters.DROPPED_LATE);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, List<String>> element,
        @Timestamp Instant timestamp,
        @StateId("probe") ValueState<ProbeState> state,
        @TimerId("probe") Timer probe,
        MultiOutputReceiver out) {
      ProbeState current = state.read();
      if (current == null) {
        current = new ProbeState(START, START + stepMillis, 0, Long.MAX_VALUE);
        arm(probe, current);
        state.write(current);
      }
      List<String> lines = element.getValue();
      long knownWatermark = current.knownWatermark;
      long hintTime;
      if (lines.isEmpty()) {
        if (timestamp.getMillis() <= START) {
          return; // a seed: it only armed the probe
        }
        hintTime = timestamp.getMillis(); // a hint: records elsewhere have reached this time
      } else {
        hintTime = Long.MAX_VALUE;
        OutputReceiver<T> records = out.get(recordsTag);
        for (String line : lines) {
          T record = parsing.parse(line, out, deadLettersTag);
          if (record == null) {
            continue;
          }
          long eventTime = record.eventTimeMillis();
          // The watermark has reached knownWatermark: more than the lateness behind is too late.
          if (eventTime + allowedLatenessMillis < knownWatermark) {
            droppedLate.inc();
            out.get(deadLettersTag)
                .output(
                    new DeadLetter(
                        parsing.pipelineName,
                        lateRecordError(eventTime, knownWatermark, allowedLatenessMillis),
                        line,
                        System.currentTimeMillis()));
            continue;
          }
          records.outputWithTimestamp(record, new Instant(eventTime));
          hintTime = Math.min(hintTime, eventTime);
        }
        if (hintTime == Long.MAX_VALUE) {
          return; // nothing kept: no news for the probe
        }
      }
      // News for the probe: it ends an idle streak and hints where the watermark is heading (the
      // earliest kept record of a run says as much as each of them would, one by one).
      long hint = floorToStep(Math.max(hintTime, START));
      long retarget = Math.max(knownWatermark + stepMillis, hint);
      if (current.idleFirings != 0 || hint < current.earliestSinceFiring || retarget < current.target) {
        ProbeState next =
            new ProbeState(
                knownWatermark,
                Math.min(current.target, retarget),
                0,
                Math.min(current.earliestSinceFiring, hint));
        if (next.target != current.target) {
          arm(probe, next);
        }
        state.write(next);
      }
    }

    @OnTimer("probe")
    public void onProbe(
        OnTimerContext context,
        @StateId("probe") ValueState<ProbeState> state,
        @TimerId("probe") Timer probe) {
      ProbeState current = state.read();
      long reached = EventTimes.watermarkReached(context.fireTimestamp(), probe); // the watermark
      if (reached >= END) {
        state.write(new ProbeState(reached, reached, 0, Long.MAX_VALUE));
        return; // end of input: nothing can be late any more, and nothing is held
      }
      int idle = current.earliestSinceFiring == Long.MAX_VALUE ? current.idleFirings + 1 : 0;
      long step =
          idle < IDLE_FIRINGS_BEFORE_DOUBLING
              ? stepMillis
              : stepMillis << Math.min(idle - IDLE_FIRINGS_BEFORE_DOUBLING, 40);
      long target = reached + step;
      if (current.earliestSinceFiring != Long.MAX_VALUE && current.earliestSinceFiring > target) {
        target = current.earliestSinceFiring; // catch up at once to where the records are
      }
      ProbeState next = new ProbeState(reached, Math.min(target, END), idle, Long.MAX_VALUE);
      arm(probe, next);
      state.write(next);
    }

    private void arm(Timer probe, ProbeState s) {
      probe.withOutputTimestamp(new Instant(s.knownWatermark)).set(new Instant(s.target));
    }

    private long floorToStep(long millis) {
      return Math.floorDiv(millis, stepMillis) * stepMillis;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }

  /** Per bucket: the watermark known so far, the probe's target, and what records have hinted. */
  static final class ProbeState {
    final long knownWatermark;
    final long target;
    final int idleFirings;
    final long earliestSinceFiring;

    ProbeState(long knownWatermark, long target, int idleFirings, long earliestSinceFiring) {
      this.knownWatermark = knownWatermark;
      this.target = target;
      this.idleFirings = idleFirings;
      this.earliestSinceFiring = earliestSinceFiring;
    }

    static final class Coder extends CustomCoder<ProbeState> {
      private static final long serialVersionUID = 1L;
      static final Coder INSTANCE = new Coder();
      private static final VarLongCoder LONG = VarLongCoder.of();
      private static final VarIntCoder INT = VarIntCoder.of();

      @Override
      public void encode(ProbeState value, OutputStream out) throws IOException {
        LONG.encode(value.knownWatermark, out);
        LONG.encode(value.target, out);
        INT.encode(value.idleFirings, out);
        LONG.encode(value.earliestSinceFiring, out);
      }

      @Override
      public ProbeState decode(InputStream in) throws IOException {
        return new ProbeState(LONG.decode(in), LONG.decode(in), INT.decode(in), LONG.decode(in));
      }

      @Override
      public void verifyDeterministic() {}
    }
  }
}
