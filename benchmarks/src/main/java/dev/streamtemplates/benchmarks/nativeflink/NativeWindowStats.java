package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.pipelines.analytics.ActivityEvent;
import dev.streamtemplates.pipelines.analytics.AnalyticsPipeline;
import dev.streamtemplates.pipelines.analytics.ComputeAnalytics;
import dev.streamtemplates.pipelines.analytics.WindowStatsFn;
import dev.streamtemplates.transforms.keys.StableBuckets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The analytics pipeline's {@code window-stats} ({@code analytics --outputs=window-stats}) written
 * directly against Flink's DataStream API, for the engine baseline: the same synthetic records,
 * the same parse and dead letters, the same dedup, the same 1-minute tumbling windows and stats,
 * the same JSON lines.
 *
 * <pre>
 * synthetic lines → parse, event time, lateness check (chained to the source)
 *   → keyBy(bucket of eventId): drop duplicates
 *   → keyBy(bucket of userId): stats per bucket and window (pre-aggregation); late events pass
 *   → keyBy(window): merge the buckets' partials, fold late events in, format
 * </pre>
 */
public final class NativeWindowStats {
  /** The output's name, as the pipeline's. */
  public static final String OUTPUT = ComputeAnalytics.WINDOW_STATS;
  public static final String DEAD_LETTER = ComputeAnalytics.DEAD_LETTER;

  static final long WINDOW_MILLIS = 60_000;
  /** 64 buckets of users for the pre-aggregation: a few per subtask at any sensible parallelism. */
  static final int USER_BUCKETS = 64;

  private NativeWindowStats() {}

  /** Adds the job to {@code env}, reading with the environment's parallelism. */
  public static void build(StreamExecutionEnvironment env, SyntheticSpec spec, OutputSink sink) {
    EventGenerator generator = AnalyticsPipeline.generator();
    int parallelism = env.getParallelism();
    TypeInformation<ActivityEvent> eventType =
        CoderTypeInfo.ofImmutable(ActivityEvent.class, ActivityEvent.Coder.of());
    TypeInformation<WindowStatsFn.Stats> statsType = statsType();
    TypeInformation<Tuple2<Long, Either<WindowStatsFn.Stats, ActivityEvent>>> updateType =
        new TupleTypeInfo<>(Types.LONG, new EitherTypeInfo<>(statsType, eventType));

    ParseLines.Parsed<ActivityEvent> parsed =
        ParseLines.generated(env, generator, spec, parallelism, ComputeAnalytics.NAME, ActivityEvent::parse, eventType);
    DataStream<String> stats =
        parsed
            .records()
            .keyBy(e -> DropDuplicates.bucketOf(e.eventId()), Types.INT)
            .process(
                new DropDuplicates<>(ActivityEvent::eventId, spec.dedupHorizonMillis()), eventType)
            .name("DropDuplicateEventIds")
            .keyBy(e -> StableBuckets.of(e.userId(), USER_BUCKETS), Types.INT)
            .process(
                new WindowStatsPartials(WINDOW_MILLIS, spec.allowedLatenessMillis(), statsType),
                updateType)
            .name("WindowStatsPerUserBucket")
            .keyBy(update -> update.f0, Types.LONG)
            .process(
                new WindowStatsTotals(WINDOW_MILLIS, spec.allowedLatenessMillis(), statsType),
                Types.STRING)
            .name("WindowStats");
    sink.attach(OUTPUT, stats);
    sink.attach(DEAD_LETTER, parsed.deadLetters());
  }

  private static TypeInformation<WindowStatsFn.Stats> statsType() {
    // The accumulator's own coder, as the pipeline's Combine uses it.
    return CoderTypeInfo.ofMutable(
        WindowStatsFn.Stats.class,
        new WindowStatsFn().getAccumulatorCoder(null, ActivityEvent.Coder.of()));
  }
}
