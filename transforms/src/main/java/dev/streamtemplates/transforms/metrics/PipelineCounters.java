package dev.streamtemplates.transforms.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The contract's counters, in a namespace named after the pipeline, and the one-line summary a
 * run ends with: {@code fraud: read=2400 parsed=2391 deadLettered=9 duplicates=0 droppedLate=0}.
 *
 * <p>Accounting: {@code read = parsed + deadLettered}. Records dead-lettered for arriving too
 * late were parsed first, so they count in {@code parsed} and in {@code droppedLate}.
 */
public final class PipelineCounters {
  public static final String READ = "read";
  public static final String PARSED = "parsed";
  public static final String DEAD_LETTERED = "deadLettered";
  public static final String DUPLICATES = "duplicates";
  public static final String DROPPED_LATE = "droppedLate";

  /** The order in which the summary line prints them. */
  public static final List<String> SUMMARY_ORDER =
      List.of(READ, PARSED, DEAD_LETTERED, DUPLICATES, DROPPED_LATE);

  private PipelineCounters() {}

  /** Sums each counter of the namespace over all steps; attempted values (every runner has them). */
  public static Map<String, Long> query(MetricResults metrics, String namespace) {
    Map<String, Long> reported = new LinkedHashMap<>();
    MetricQueryResults results =
        metrics.queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(namespace))
                .build());
    for (MetricResult<Long> counter : results.getCounters()) {
      reported.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    // The contract's counters first, in order; duplicates only where the pipeline dedups (its
    // dedup step registers the counter even when nothing was a duplicate).
    Map<String, Long> values = new LinkedHashMap<>();
    for (String name : SUMMARY_ORDER) {
      if (!name.equals(DUPLICATES) || reported.containsKey(DUPLICATES)) {
        values.put(name, reported.getOrDefault(name, 0L));
      }
    }
    reported.forEach(values::putIfAbsent);
    return values;
  }

  public static String summaryLine(String namespace, Map<String, Long> values) {
    StringBuilder line = new StringBuilder(namespace).append(':');
    values.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
    return line.toString();
  }
}
