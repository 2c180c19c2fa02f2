package dev.streamtemplates.benchmarks;

import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;

/**
 * How a paced run kept pace: every {@code bench.readSampleMs} milliseconds the {@code read}
 * counter, while the pipeline runs (the Direct runner reports counters live when started with
 * {@code --blockOnRun=false}). From the samples: when the first record was read, when the last
 * one was, how far the reading ever fell behind the source's schedule, and how long the run took
 * after its last record (the end-of-input flush: final panes, timers, the sinks).
 *
 * <p>A pipeline that keeps up reads each record when it is due: the source then never falls
 * behind. One that does not makes the runner read later and later, as its work piles up.
 */
final class ReadProgress {
  static final String PROPERTY = "bench.readSampleMs";

  private final long everyMillis;
  private final TrialReport clock;
  private double firstReadSec = -1;
  private double lastReadSec = -1;
  private long lastCount;
  private final List<double[]> samples = new ArrayList<>();

  ReadProgress(long everyMillis, TrialReport clock) {
    this.everyMillis = everyMillis;
    this.clock = clock;
  }

  /** A follower when {@code -Dbench.readSampleMs} is set, else null. */
  static ReadProgress ifAsked(TrialReport clock) {
    String every = System.getProperty(PROPERTY);
    return every == null ? null : new ReadProgress(Long.parseLong(every), clock);
  }

  /** Waits for the run to end, sampling its {@code read} counter; returns its final state. */
  PipelineResult.State follow(PipelineResult result, String namespace) {
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(everyMillis));
      long read =
          PipelineCounters.query(result.metrics(), namespace).getOrDefault(PipelineCounters.READ, 0L);
      record(clock.elapsedSeconds(), read);
      if (state != null && state.isTerminal()) {
        return state;
      }
    }
  }

  /** One sample: {@code read} records read {@code now} seconds into the trial. */
  void record(double now, long read) {
    if (read > 0 && firstReadSec < 0) {
      firstReadSec = now;
    }
    if (read > lastCount) {
      lastCount = read;
      lastReadSec = now;
    }
    samples.add(new double[] {now, read});
  }

  /**
   * The figures, for a source paced at {@code ratePerSec}: seconds to the first and the last
   * record read, reading time, the most the reading was behind its schedule (record {@code n}
   * due {@code n / rate} s after the first), and the seconds from the last record to the end.
   */
  Map<String, Object> figures(double ratePerSec, double endSec) {
    double behind = 0;
    for (double[] sample : samples) {
      if (sample[1] > 0 && sample[0] <= lastReadSec) {
        behind = Math.max(behind, (sample[0] - firstReadSec) - sample[1] / ratePerSec);
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("firstReadSec", TrialReport.tenths(firstReadSec));
    figures.put("lastReadSec", TrialReport.tenths(lastReadSec));
    figures.put("readingSec", TrialReport.tenths(lastReadSec - firstReadSec));
    figures.put("maxBehindSec", TrialReport.tenths(behind));
    figures.put("afterLastReadSec", TrialReport.tenths(endSec - lastReadSec));
    return figures;
  }
}
