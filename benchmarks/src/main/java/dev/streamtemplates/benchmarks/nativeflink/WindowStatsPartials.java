package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.pipelines.analytics.ActivityEvent;
import dev.streamtemplates.pipelines.analytics.WindowStatsFn;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Pre-aggregation of {@code window-stats}: events keyed by a bucket of their user, each bucket's
 * stats per tumbling window folded with the pipeline's own {@link WindowStatsFn}. A user falls in
 * one bucket only, so the buckets' user sets are disjoint and the totals step merges a few
 * partials per window instead of every event.
 *
 * <p>When the watermark passes a window's end, the bucket sends its partial {@code (windowStart,
 * Left(stats))} and forgets the window. An event that comes after that (late, within the allowed
 * lateness) goes on by itself, {@code (windowStart, Right(event))}, and the totals fold it into the
 * window's total: a late pane then costs one event, not a merge of every user set. Upstream,
 * too-late records were dead-lettered against a watermark never behind this one, so no event
 * reaches an expired window.
 */
final class WindowStatsPartials
    extends KeyedProcessFunction<
        Integer, ActivityEvent, Tuple2<Long, Either<WindowStatsFn.Stats, ActivityEvent>>> {
  private static final long serialVersionUID = 1L;

  private final long sizeMillis;
  private final long latenessMillis;
  private final TypeInformation<WindowStatsFn.Stats> statsType;
  private final WindowStatsFn stats = new WindowStatsFn();

  private transient MapState<Long, WindowStatsFn.Stats> windows;

  WindowStatsPartials(
      long sizeMillis, long latenessMillis, TypeInformation<WindowStatsFn.Stats> statsType) {
    this.sizeMillis = sizeMillis;
    this.latenessMillis = latenessMillis;
    this.statsType = statsType;
  }

  @Override
  public void open(OpenContext context) {
    windows =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Types.LONG, statsType));
  }

  @Override
  public void processElement(
      ActivityEvent event,
      Context ctx,
      Collector<Tuple2<Long, Either<WindowStatsFn.Stats, ActivityEvent>>> out)
      throws Exception {
    long time = event.eventTimeMillis();
    long start = time - Math.floorMod(time, sizeMillis);
    long lastInWindow = start + sizeMillis - 1;
    long watermark = ctx.timerService().currentWatermark();
    if (lastInWindow + latenessMillis <= watermark) {
      throw new IllegalStateException(
          "event at " + time + " reached window " + start + " after it expired (watermark "
              + watermark + "): the lateness check upstream must dead-letter it");
    }
    if (lastInWindow <= watermark) {
      out.collect(Tuple2.of(start, Either.Right(event))); // late: the window has fired already
      return;
    }
    WindowStatsFn.Stats window = windows.get(start);
    if (window == null) {
      window = stats.createAccumulator();
      ctx.timerService().registerEventTimeTimer(lastInWindow);
    }
    windows.put(start, stats.addInput(window, event));
  }

  @Override
  public void onTimer(
      long timestamp,
      OnTimerContext ctx,
      Collector<Tuple2<Long, Either<WindowStatsFn.Stats, ActivityEvent>>> out)
      throws Exception {
    long start = timestamp + 1 - sizeMillis;
    WindowStatsFn.Stats window = windows.get(start);
    if (window != null) {
      out.collect(Tuple2.of(start, Either.Left(window)));
      windows.remove(start);
    }
  }
}
