package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.order.SequenceEvaluator;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * device-silence over one device's readings (all sensors) in event-time order. A gap of more
 * than {@code silence} after a reading gives one {@code SILENT} record for it (found by the idle
 * timer, or by the reading after the gap if that is evaluated first: the same record either
 * way), and the reading that ends the gap gives a {@code RESUMED} record saying how long it was.
 */
final class SilenceWatch implements SequenceEvaluator<Reading, KV<String, String>> {
  private static final long serialVersionUID = 1L;
  private static final int SILENT = 0;
  private static final int RESUMED = 1;

  private final long silenceMillis;

  SilenceWatch(long silenceMillis) {
    this.silenceMillis = silenceMillis;
  }

  @Override
  public void evaluate(
      String deviceId,
      List<TimestampedValue<Reading>> sequence,
      int current,
      boolean late,
      Results<KV<String, String>> out) {
    if (current == 0) {
      return;
    }
    long lastSeen = sequence.get(current - 1).getTimestamp().getMillis();
    long now = sequence.get(current).getTimestamp().getMillis();
    if (now - lastSeen <= silenceMillis) {
      return;
    }
    out.emitFor(current - 1, SILENT, silent(deviceId, lastSeen));
    out.emit(
        RESUMED,
        KV.of(
            deviceId,
            JsonLine.object()
                .put("deviceId", deviceId)
                .putTime("lastSeen", lastSeen)
                .put("status", "RESUMED")
                .putTime("resumedAt", now)
                .put("silentSec", java.math.BigDecimal.valueOf(now - lastSeen, 3))
                .end()));
  }

  @Override
  public void onIdle(
      String deviceId, List<TimestampedValue<Reading>> sequence, Results<KV<String, String>> out) {
    long lastSeen = sequence.get(sequence.size() - 1).getTimestamp().getMillis();
    out.emit(SILENT, silent(deviceId, lastSeen));
  }

  private KV<String, String> silent(String deviceId, long lastSeen) {
    return KV.of(
        deviceId,
        JsonLine.object()
            .put("deviceId", deviceId)
            .putTime("lastSeen", lastSeen)
            .put("status", "SILENT")
            .put("silentAfterSec", java.math.BigDecimal.valueOf(silenceMillis, 3))
            .end());
  }
}
