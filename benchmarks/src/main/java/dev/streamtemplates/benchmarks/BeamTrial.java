package dev.streamtemplates.benchmarks;

import dev.streamtemplates.io.sink.WriteOutput;
import dev.streamtemplates.io.source.SourceOptions;
import dev.streamtemplates.pipelines.runtime.FlinkTuning;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;

/**
 * One bench trial in its own JVM: {@code BeamTrial <pipeline> [pipeline options]} builds the
 * pipeline as its main class would (with the same Flink runner defaults), runs it to the end and
 * prints one {@link TrialReport} line with the records read, the outputs written (by {@code
 * --sink=count}) and the pipeline's counters; when asked, also every few seconds the live heap
 * (the memory runs: {@code -Dbench.heapSampleSec=N}) or, for a paced source on the Direct runner
 * with {@code --blockOnRun=false}, how the reading kept pace ({@code -Dbench.readSampleMs=N},
 * {@link ReadProgress}).
 */
public final class BeamTrial {
  private BeamTrial() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: BeamTrial <" + String.join("|", Workloads.names()) + "> [options]");
      System.exit(2);
    }
    Workloads.Workload workload = Workloads.named(args[0]);
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    HeapSampler heap = HeapSampler.startIfAsked();
    TrialReport report = TrialReport.start();
    Pipeline pipeline = workload.build().apply(options);
    FlinkTuning.apply(pipeline, options); // as the pipeline's main does
    ReadProgress reading = ReadProgress.ifAsked(report);
    PipelineResult result = pipeline.run();
    PipelineResult.State state =
        reading == null ? result.waitUntilFinish() : reading.follow(result, workload.namespace());
    double endSec = report.elapsedSeconds();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(workload.name() + " ended in state " + state);
    }
    Map<String, Long> counters = PipelineCounters.query(result.metrics(), workload.namespace());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("workload", workload.name());
    fields.put("runner", pipeline.getOptions().getRunner().getSimpleName());
    fields.put("outputs", sinkCounts(result.metrics().allMetrics()));
    fields.put("counters", counters);
    if (reading != null) {
      double rate = pipeline.getOptions().as(SourceOptions.class).getEventsPerSecond();
      fields.putAll(reading.figures(rate, endSec));
    }
    if (heap != null) {
      fields.put("maxLiveHeapMb", heap.stop());
    }
    System.out.println(report.finish(counters.getOrDefault(PipelineCounters.READ, 0L), fields));
    System.exit(0); // a runner's lingering non-daemon threads must not hold the trial open
  }

  private static Map<String, Long> sinkCounts(MetricQueryResults metrics) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      if (counter.getName().getNamespace().equals(WriteOutput.COUNT_NAMESPACE)) {
        Long value = value(counter);
        counts.merge(counter.getName().getName(), value == null ? 0L : value, Long::sum);
      }
    }
    return counts;
  }

  private static Long value(MetricResult<Long> counter) {
    try {
      return counter.getCommitted();
    } catch (UnsupportedOperationException e) {
      return counter.getAttempted();
    }
  }
}
