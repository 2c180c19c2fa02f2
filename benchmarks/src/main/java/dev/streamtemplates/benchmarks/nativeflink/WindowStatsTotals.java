package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.pipelines.analytics.ActivityEvent;
import dev.streamtemplates.pipelines.analytics.ComputeAnalytics;
import dev.streamtemplates.pipelines.analytics.WindowStatsFn;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.joda.time.Instant;

/**
 * The totals of {@code window-stats}, keyed by window start, merged with the pipeline's {@link
 * WindowStatsFn} and written by its own formatter, so the line is the one the Beam pipeline
 * writes, pane fields included: {@code ON_TIME} when the watermark passes the window's end, then
 * a {@code LATE} pane per late event, indices counting up.
 *
 * <p>Every bucket sends its partial before passing the watermark on, so the on-time total sees
 * them all; it is kept, and each late event is folded into it (panes accumulate, as the
 * pipeline's do) until the allowed lateness after the window's end has passed.
 */
final class WindowStatsTotals
    extends KeyedProcessFunction<
        Long, Tuple2<Long, Either<WindowStatsFn.Stats, ActivityEvent>>, String> {
  private static final long serialVersionUID = 1L;

  private final long sizeMillis;
  private final long latenessMillis;
  private final TypeInformation<WindowStatsFn.Stats> statsType;
  private final WindowStatsFn stats = new WindowStatsFn();
  private final ComputeAnalytics.FormatWindowStatsFn format =
      new ComputeAnalytics.FormatWindowStatsFn();

  /** Before the on-time pane: what has come so far. */
  private transient ListState<WindowStatsFn.Stats> partials;
  /** From the on-time pane on: the window's total. */
  private transient ValueState<WindowStatsFn.Stats> total;
  private transient ValueState<Long> panes;
  private transient LineReceiver line;

  WindowStatsTotals(
      long sizeMillis, long latenessMillis, TypeInformation<WindowStatsFn.Stats> statsType) {
    this.sizeMillis = sizeMillis;
    this.latenessMillis = latenessMillis;
    this.statsType = statsType;
  }

  @Override
  public void open(OpenContext context) {
    partials = getRuntimeContext().getListState(new ListStateDescriptor<>("partials", statsType));
    total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", statsType));
    panes = getRuntimeContext().getState(new ValueStateDescriptor<>("panes", Types.LONG));
    line = new LineReceiver();
  }

  @Override
  public void processElement(
      Tuple2<Long, Either<WindowStatsFn.Stats, ActivityEvent>> update,
      Context ctx,
      Collector<String> out)
      throws Exception {
    long start = update.f0;
    long lastInWindow = start + sizeMillis - 1;
    WindowStatsFn.Stats sum = total.value();
    if (sum == null && lastInWindow > ctx.timerService().currentWatermark()) {
      // Before the on-time pane (a bucket's late event may overtake the watermark here).
      partials.add(update.f1.isLeft() ? update.f1.left() : asStats(update.f1.right()));
      ctx.timerService().registerEventTimeTimer(lastInWindow);
      return;
    }
    if (sum == null) {
      sum = mergeAll(); // a window whose every event is late: its first pane is a late one
      ctx.timerService().registerEventTimeTimer(lastInWindow + latenessMillis);
    }
    if (update.f1.isLeft()) {
      sum = stats.mergeAccumulators(List.of(sum, update.f1.left()));
    } else {
      stats.addInput(sum, update.f1.right());
    }
    total.update(sum);
    fire(start, PaneInfo.Timing.LATE, sum, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
    long start = ctx.getCurrentKey();
    long lastInWindow = start + sizeMillis - 1;
    if (timestamp == lastInWindow && total.value() == null) {
      WindowStatsFn.Stats sum = mergeAll();
      total.update(sum);
      fire(start, PaneInfo.Timing.ON_TIME, sum, out);
      if (latenessMillis > 0) {
        ctx.timerService().registerEventTimeTimer(lastInWindow + latenessMillis);
        return;
      }
    }
    if (timestamp == lastInWindow + latenessMillis) {
      partials.clear();
      total.clear();
      panes.clear();
    }
  }

  private WindowStatsFn.Stats mergeAll() throws Exception {
    List<WindowStatsFn.Stats> all = new ArrayList<>();
    for (WindowStatsFn.Stats partial : partials.get()) {
      all.add(partial);
    }
    partials.clear();
    return stats.mergeAccumulators(all);
  }

  private WindowStatsFn.Stats asStats(ActivityEvent event) {
    return stats.addInput(stats.createAccumulator(), event);
  }

  private void fire(long start, PaneInfo.Timing timing, WindowStatsFn.Stats sum,
      Collector<String> out) throws Exception {
    Long fired = panes.value();
    long index = fired == null ? 0 : fired;
    panes.update(index + 1);
    // No early panes here: every pane is non-speculative, so its index is also its on-time index.
    PaneInfo pane = PaneInfo.createPane(index == 0, false, timing, index, index);
    line.out = out;
    format.process(sum, new IntervalWindow(new Instant(start), new Instant(start + sizeMillis)),
        pane, line);
  }

  /** Hands the formatter's {@code (key, line)} to Flink as the line. */
  private static final class LineReceiver implements DoFn.OutputReceiver<KV<String, String>> {
    Collector<String> out;

    @Override
    public void output(KV<String, String> keyed) {
      out.collect(keyed.getValue());
    }

    @Override
    public void outputWithTimestamp(KV<String, String> keyed, Instant timestamp) {
      output(keyed);
    }
  }
}
