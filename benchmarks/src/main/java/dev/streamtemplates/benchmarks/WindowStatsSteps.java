package dev.streamtemplates.benchmarks;

import dev.streamtemplates.io.source.ReadRecords;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.GeneratedEvent;
import dev.streamtemplates.io.synthetic.SyntheticStream;
import dev.streamtemplates.pipelines.analytics.ActivityEvent;
import dev.streamtemplates.pipelines.analytics.AnalyticsOptions;
import dev.streamtemplates.pipelines.analytics.AnalyticsPipeline;
import dev.streamtemplates.pipelines.analytics.ComputeAnalytics;
import dev.streamtemplates.pipelines.analytics.WindowStatsFn;
import dev.streamtemplates.pipelines.runtime.FlinkTuning;
import dev.streamtemplates.transforms.combine.ShardedCombine;
import dev.streamtemplates.transforms.dedup.DeduplicateById;
import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import dev.streamtemplates.transforms.parse.ParseJson;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import dev.streamtemplates.transforms.window.WindowPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * What each step of {@code window-stats} costs: the job built from the least Beam can do (parse
 * each line, 1-minute windows, {@link WindowStatsFn}) up to the pipeline's own steps, one at a
 * time, on the runner the options name.
 *
 * <pre>
 * WindowStatsSteps --steps=lateness,dedup,trigger,sharded [analytics pipeline options]
 * </pre>
 *
 * <ul>
 *   <li>{@code lateness}: parse with {@link ParseJson} (dead letters, the lateness check), not a
 *       plain parse;
 *   <li>{@code dedup}: {@link DeduplicateById} on the event ids;
 *   <li>{@code trigger}: the pipelines' trigger (early, on-time and late panes), not the default;
 *   <li>{@code sharded}: {@link ShardedCombine}, not {@code Combine.globally}.
 * </ul>
 *
 * <p>Only for a runner in this JVM (Direct, Flink embedded): the reading is followed in a static
 * counter. Prints one {@link TrialReport} line which, besides the whole run, gives the seconds at which
 * 10%, 50% and 90% of the records had been read: with the embedded Flink runner, which reads only
 * as fast as the job takes records, the rate between two of them is the job's rate once started
 * and warmed up ({@code steadyEventsPerSec}, from 50% to 90%).
 */
public final class WindowStatsSteps {
  static final List<String> STEPS = List.of("lateness", "dedup", "trigger", "sharded");

  private WindowStatsSteps() {}

  public static void main(String[] args) {
    System.out.println(run(args));
    System.exit(0); // a runner's lingering non-daemon threads must not hold the trial open
  }

  /** Builds and runs the steps asked for; the {@link TrialReport} line. */
  static String run(String[] args) {
    List<String> steps = List.of();
    List<String> options = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--steps=")) {
        steps = arg.length() == "--steps=".length()
            ? List.of() : Arrays.asList(arg.substring("--steps=".length()).split(","));
      } else {
        options.add(arg);
      }
    }
    for (String step : steps) {
      if (!STEPS.contains(step)) {
        throw new IllegalArgumentException("unknown step " + step + "; steps are " + STEPS);
      }
    }
    TrialReport report = TrialReport.start();
    String[] pipelineArgs = options.toArray(new String[0]);
    AnalyticsOptions opts = PipelineOptionsFactory.fromArgs(pipelineArgs).as(AnalyticsOptions.class);
    Long events = opts.getMaxEvents();
    if (events == null || events <= 0) {
      throw new IllegalArgumentException("--maxEvents=N is required");
    }
    ReadMarks.start(events, report);
    Pipeline pipeline = build(opts, steps);
    FlinkTuning.apply(pipeline, pipelineArgs);
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("window-stats steps ended in state " + state);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("workload", "window-stats-steps");
    fields.put("steps", String.join(",", steps));
    // The steps' own counters (parsed, deadLettered, duplicates...): which steps ran.
    fields.put("counters", PipelineCounters.query(result.metrics(), ComputeAnalytics.NAME));
    ReadMarks.report(fields);
    return report.finish(ReadMarks.count(), fields);
  }

  private static Pipeline build(AnalyticsOptions options, List<String> steps) {
    WindowPolicy policy = WindowPolicy.from(options);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<String> lines =
        pipeline.apply("Read", ReadRecords.from(options, new CountingGenerator(AnalyticsPipeline.generator())));
    PCollection<ActivityEvent> records =
        steps.contains("lateness")
            ? lines
                .apply(
                    "ParseJson",
                    ParseJson.of(ComputeAnalytics.NAME, ActivityEvent::parse, ActivityEvent.Coder.of())
                        .withAllowedLateness(policy.allowedLateness()))
                .records()
            : lines.apply("Parse", ParDo.of(new PlainParseFn())).setCoder(ActivityEvent.Coder.of());
    if (steps.contains("dedup")) {
      records =
          records.apply(
              "Dedup",
              DeduplicateById.of(ComputeAnalytics.NAME, ActivityEvent::eventId)
                  .rememberingIdsFor(EventTimeOptions.dedupHorizon(options)));
    }
    FixedWindows minutes = FixedWindows.of(Duration.standardMinutes(1));
    PCollection<ActivityEvent> windowed =
        steps.contains("trigger")
            ? records.apply("Windows", policy.windowing(records, minutes))
            : records.apply("Windows", Window.<ActivityEvent>into(minutes));
    PCollection<WindowStatsFn.Stats> stats =
        steps.contains("sharded")
            ? windowed.apply("Stats", ShardedCombine.globally(new WindowStatsFn()))
            : windowed.apply("Stats", Combine.globally(new WindowStatsFn()).withoutDefaults());
    stats.apply("Drop", ParDo.of(new DropFn()));
    return pipeline;
  }

  /**
   * Counts the records as the source reads them ({@link ReadMarks}), inside the source as the
   * native job does: a step of its own would add a runner's per-element cost the pipelines do not
   * have.
   */
  static final class CountingGenerator implements EventGenerator {
    private static final long serialVersionUID = 1L;
    private final EventGenerator generator;

    CountingGenerator(EventGenerator generator) {
      this.generator = generator;
    }

    @Override
    public GeneratedEvent generate(long index, SyntheticStream stream) {
      ReadMarks.read();
      return generator.generate(index, stream);
    }

    @Override
    public Duration maxOutOfOrderness() {
      return generator.maxOutOfOrderness();
    }
  }

  /** The parse alone: the pipeline's parser and event time, no dead letters, no lateness check. */
  static final class PlainParseFn extends DoFn<String, ActivityEvent> {
    @ProcessElement
    public void process(@Element String line, OutputReceiver<ActivityEvent> out) {
      try {
        ActivityEvent event = ActivityEvent.parse(JsonRecord.parse(line));
        out.outputWithTimestamp(event, new Instant(event.eventTimeMillis()));
      } catch (InvalidRecordException e) {
        // the pipeline dead-letters it; here the bad line is only skipped
      }
    }

    @Override
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE); // stamping event time on read records
    }
  }

  static final class DropFn extends DoFn<WindowStatsFn.Stats, Void> {
    @ProcessElement
    public void process(@Element WindowStatsFn.Stats stats) {}
  }
}
