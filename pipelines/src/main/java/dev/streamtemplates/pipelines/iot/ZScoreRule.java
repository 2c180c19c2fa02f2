package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.order.SequenceEvaluator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * ZSCORE over one device sensor's readings in event-time order: |value - mean| above {@code
 * factor} population standard deviations of the {@code history} readings before it, given at
 * least {@code minHistory} of them and a nonzero deviation. An anomaly is {@code (deviceId, json)}.
 */
final class ZScoreRule implements SequenceEvaluator<Reading, KV<String, String>> {
  private static final long serialVersionUID = 1L;
  static final String NAME = "ZSCORE";

  private final int history;
  private final int minHistory;
  private final double factor;

  ZScoreRule(int history, int minHistory, double factor) {
    this.history = history;
    this.minHistory = minHistory;
    this.factor = factor;
  }

  int history() {
    return history;
  }

  @Override
  public void evaluate(
      String key,
      List<TimestampedValue<Reading>> sequence,
      int current,
      boolean late,
      Results<KV<String, String>> out) {
    int from = Math.max(0, current - history);
    int n = current - from;
    if (n < minHistory) {
      return;
    }
    // Two passes over at most `history` values: exact enough for values like 1e9 + noise.
    double sum = 0;
    for (int i = from; i < current; i++) {
      sum += sequence.get(i).getValue().value();
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = from; i < current; i++) {
      double d = sequence.get(i).getValue().value() - mean;
      squares += d * d;
    }
    double stddev = Math.sqrt(squares / n);
    Reading r = sequence.get(current).getValue();
    double distance = Math.abs(r.value() - mean);
    if (!(stddev > 0) || !(distance > factor * stddev)) {
      return;
    }
    String reason = String.format(Locale.ROOT, "value %s is %.1f stddev from the mean %.2f of the last %d",
        SensorBounds.number(r.value()), distance / stddev, mean, n);
    out.emit(0, KV.of(r.deviceId(), anomaly(r, NAME, reason).put("late", late).end()));
  }

  /** The fields every anomaly has; the caller may add more and ends the line. */
  static JsonLine anomaly(Reading r, String rule, String reason) {
    return JsonLine.object()
        .put("deviceId", r.deviceId())
        .put("sensor", r.sensor())
        .put("seq", r.seq())
        .put("value", BigDecimal.valueOf(r.value()))
        .put("rule", rule)
        .putTime("timestamp", r.eventTimeMillis())
        .put("reason", reason);
  }
}
