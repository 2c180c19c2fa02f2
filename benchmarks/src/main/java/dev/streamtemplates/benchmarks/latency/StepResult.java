package dev.streamtemplates.benchmarks.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamtemplates.benchmarks.TrialReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One step's figures and its verdict: did the pipeline keep up with the rate?
 *
 * <p>Kept up means all of:
 *
 * <ol>
 *   <li>the producer itself held the rate: at least {@value #MIN_RATE_SHARE} of it was sent in
 *       the window (else the machine, not the pipeline, set the pace, and the rate is not shown
 *       to be sustained);
 *   <li>every probe sent in the window was answered by its alert before the drain ended;
 *   <li>the probes' latency did not grow over the window: the median of the last third is at most
 *       {@code maxGrowthMs}, or {@value #MAX_GROWTH_SHARE} of the first third's median if that is
 *       more, above the median of the first third (an unanswered probe counts as infinitely
 *       late). A pipeline short of capacity by a share d builds a backlog, and so a latency,
 *       growing by d of the elapsed time: over a 40 s window the medians of the thirds, 27 s
 *       apart, differ by 27 d (1 s at d = 4%). The share keeps a busy machine's noise, which
 *       grows with the latency, from passing for a backlog.
 * </ol>
 *
 * <p>Probes rather than the generator's own alerts decide, because they are sent at a steady
 * pace, each is known to alert exactly once, and a missing answer is seen as missing; the
 * generator's alerts come in clusters (its planted fraud patterns) and none is known in advance.
 */
final class StepResult {
  static final double MIN_RATE_SHARE = 0.95;
  static final double MAX_GROWTH_SHARE = 0.2;
  private static final ObjectMapper JSON = new ObjectMapper();

  final double rate;
  final double windowSec;
  final long produced;
  final double achievedRate;
  final long producerMaxBehindMs;
  final long[] alertLatenciesMs;
  final long lateAlerts;
  final Long deliveryP50Ms;
  final int probes;
  final int probesAnswered;
  final Long probeP50Ms;
  final Long probeP50FirstThirdMs;
  final Long probeP50LastThirdMs;
  final List<String> fallingBehind;

  private StepResult(StepRecord record, long maxGrowthMs) {
    rate = record.rate;
    windowSec = (record.windowEndNanos() - record.windowStartNanos()) / 1e9;
    produced = record.generatedCount();
    achievedRate = produced / windowSec;
    producerMaxBehindMs = record.producerMaxBehindNanos() / 1_000_000;
    alertLatenciesMs = record.alertLatencyNanos().stream()
        .mapToLong(n -> n / 1_000_000).sorted().toArray();
    lateAlerts = record.lateAlerts();
    deliveryP50Ms = median(record.deliveryMillis());

    Map<String, Long> sent = record.probeSentNanos();
    Map<String, Long> latency = record.probeLatencyNanos();
    probes = sent.size();
    probesAnswered = (int) sent.keySet().stream().filter(latency::containsKey).count();
    long third = (record.windowEndNanos() - record.windowStartNanos()) / 3;
    List<Long> all = new ArrayList<>();
    List<Long> first = new ArrayList<>();
    List<Long> last = new ArrayList<>();
    sent.forEach((card, at) -> {
      long ms = latency.containsKey(card) ? latency.get(card) / 1_000_000 : Long.MAX_VALUE;
      all.add(ms);
      if (at < record.windowStartNanos() + third) {
        first.add(ms);
      } else if (at >= record.windowEndNanos() - third) {
        last.add(ms);
      }
    });
    probeP50Ms = median(all);
    probeP50FirstThirdMs = median(first);
    probeP50LastThirdMs = median(last);

    fallingBehind = new ArrayList<>();
    if (achievedRate < MIN_RATE_SHARE * rate) {
      fallingBehind.add(String.format("the producer sent only %.0f/s of %.0f/s", achievedRate, rate));
    }
    if (probes == 0) {
      fallingBehind.add("no probe was sent in the window");
    } else if (probesAnswered < probes) {
      fallingBehind.add((probes - probesAnswered) + " of " + probes
          + " probes got no alert before the drain ended");
    }
    if (probeP50FirstThirdMs != null && probeP50LastThirdMs != null) {
      long allowed = Math.max(maxGrowthMs, (long) (MAX_GROWTH_SHARE * probeP50FirstThirdMs));
      if (probeP50LastThirdMs - probeP50FirstThirdMs > allowed) {
        fallingBehind.add("probe latency grew from " + show(probeP50FirstThirdMs)
            + " ms (first third) to " + show(probeP50LastThirdMs) + " ms (last third), more than "
            + allowed + " ms");
      }
    }
  }

  static StepResult of(StepRecord record, long maxGrowthMs) {
    return new StepResult(record, maxGrowthMs);
  }

  boolean keptUp() {
    return fallingBehind.isEmpty();
  }

  /** Nearest-rank percentile of the generator's alert latencies; null without alerts. */
  Long alertPercentileMs(double percent) {
    return percentile(alertLatenciesMs, percent);
  }

  static Long percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * {@code BENCH-RESULT {...}}: {@code fields} first (workload, runner, settings), then the
   * step's figures. Latencies are in ms, from the producer's send to the alert's arrival at the
   * benchmark's consumer; null where there was nothing to measure (or, for a probe median, where
   * most probes went unanswered). {@code deliveryP50Ms}: the part of it after the pipeline's
   * writer sent the alert (the alert record's timestamp), Kafka and the benchmark's consumer.
   */
  String line(Map<String, ?> fields) {
    ObjectNode line = JSON.createObjectNode();
    fields.forEach((k, v) -> line.set(k, JSON.valueToTree(v)));
    line.put("rate", rate);
    line.put("achievedRate", Math.round(achievedRate * 10) / 10.0);
    line.put("windowSec", Math.round(windowSec * 10) / 10.0);
    line.put("produced", produced);
    line.put("alerts", alertLatenciesMs.length);
    line.put("lateAlerts", lateAlerts);
    line.put("p50Ms", alertPercentileMs(50));
    line.put("p95Ms", alertPercentileMs(95));
    line.put("p99Ms", alertPercentileMs(99));
    line.put("maxMs", alertPercentileMs(100));
    line.put("deliveryP50Ms", deliveryP50Ms);
    line.put("probes", probes);
    line.put("probesAnswered", probesAnswered);
    line.put("probeP50Ms", finite(probeP50Ms));
    line.put("probeP50FirstThirdMs", finite(probeP50FirstThirdMs));
    line.put("probeP50LastThirdMs", finite(probeP50LastThirdMs));
    line.put("producerMaxBehindMs", producerMaxBehindMs);
    line.put("keptUp", keptUp());
    if (!keptUp()) {
      line.put("fallingBehind", String.join("; ", fallingBehind));
    }
    return TrialReport.PREFIX + line;
  }

  private static Long median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return percentile(sorted, 50);
  }

  private static Long finite(Long ms) {
    return ms == null || ms == Long.MAX_VALUE ? null : ms;
  }

  private static String show(long ms) {
    return ms == Long.MAX_VALUE ? "unanswered" : Long.toString(ms);
  }

  @Override
  public String toString() {
    return String.format("%.0f/s: sent %.0f/s, alerts %d p50/p95/p99 %s/%s/%s ms, probes %d/%d,"
            + " probe p50 first/last third %s/%s ms%s",
        rate, achievedRate, alertLatenciesMs.length, alertPercentileMs(50), alertPercentileMs(95),
        alertPercentileMs(99), probesAnswered, probes, finite(probeP50FirstThirdMs),
        finite(probeP50LastThirdMs), keptUp() ? ", kept up" : ", FELL BEHIND: " + fallingBehind);
  }

  long[] alertLatenciesMs() {
    return Arrays.copyOf(alertLatenciesMs, alertLatenciesMs.length);
  }
}
