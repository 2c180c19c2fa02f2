package dev.streamtemplates.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reading of a run embedded in this JVM, followed as it happens: the records read so far, and
 * when 10%, 50% and 90% of them had been. An embedded Flink source reads only as fast as the job
 * takes records, so the rate between 50% and 90% is the job's rate once started and warmed up,
 * measured the same way for a Beam job ({@code WindowStatsSteps}) and a native one ({@code
 * NativeBench}).
 */
public final class ReadMarks {
  static final List<Integer> PERCENTS = List.of(10, 50, 90);

  private static final AtomicLong READ = new AtomicLong();
  private static final Map<Integer, Double> MARKS = new ConcurrentHashMap<>();
  private static volatile long expected = -1;
  private static volatile TrialReport clock = TrialReport.start();

  private ReadMarks() {}

  /** Starts following a run of {@code events} records, timed by {@code report}. */
  public static void start(long events, TrialReport report) {
    READ.set(0);
    MARKS.clear();
    clock = report;
    expected = events;
  }

  /** One more record read (from any thread of the run). */
  public static void read() {
    long n = READ.incrementAndGet();
    long events = expected;
    for (int percent : PERCENTS) {
      if (n == events * percent / 100) {
        MARKS.put(percent, clock.elapsedSeconds());
      }
    }
  }

  public static long count() {
    return READ.get();
  }

  /**
   * {@code read10PercentSec}, {@code read50PercentSec}, {@code read90PercentSec} and {@code
   * steadyEventsPerSec} (-1 where a mark was not reached), added to {@code fields}.
   */
  public static void report(Map<String, Object> fields) {
    for (int percent : PERCENTS) {
      fields.put("read" + percent + "PercentSec", TrialReport.tenths(MARKS.getOrDefault(percent, -1.0)));
    }
    double from = MARKS.getOrDefault(50, -1.0);
    double to = MARKS.getOrDefault(90, -1.0);
    fields.put(
        "steadyEventsPerSec",
        to > from && from >= 0 ? Math.round(0.4 * expected / (to - from)) : -1);
  }
}
