package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.io.sink.NamedOutputs;
import dev.streamtemplates.transforms.dedup.DeduplicateById;
import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.order.OrderByEventTime;
import dev.streamtemplates.transforms.parse.ParseJson;
import dev.streamtemplates.transforms.parse.ParsedRecords;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import dev.streamtemplates.transforms.window.PaneLabel;
import dev.streamtemplates.transforms.window.WindowPolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The iot contract: raw JSON lines in; {@code sensor-stats}, {@code anomalies}, {@code
 * device-silence} and {@code dead-letter} out, each as {@code (key, json line)}.
 *
 * <p>Parse (dead-lettering bad and too-late input) → drop retransmitted {@code (deviceId, seq)}
 * → sliding-window statistics per device sensor; THRESHOLD per reading; ZSCORE over each device
 * sensor's readings in event-time order; silence over each device's readings in event-time order.
 */
public final class ComputeIot extends PTransform<PCollection<String>, NamedOutputs> {
  public static final String NAME = "iot";
  public static final String SENSOR_STATS = "sensor-stats";
  public static final String ANOMALIES = "anomalies";
  public static final String DEVICE_SILENCE = "device-silence";
  public static final String DEAD_LETTER = "dead-letter";

  private final Duration statsWindow;
  private final Duration statsPeriod;
  private final SensorBounds bounds;
  private final ZScoreRule zscore;
  private final Duration silence;
  private final Duration deviceInactivity;
  private final WindowPolicy policy;
  private final Duration dedupHorizon;

  private ComputeIot(IotOptions options) {
    this.statsWindow = Duration.standardSeconds(options.getStatsWindowSec());
    this.statsPeriod = Duration.standardSeconds(options.getStatsPeriodSec());
    this.bounds = SensorBounds.parse(options.getBounds());
    this.zscore = new ZScoreRule(
        options.getZscoreHistory(), options.getZscoreMinHistory(), options.getZscoreFactor());
    this.silence = Duration.standardSeconds(options.getSilenceSec());
    this.deviceInactivity = Duration.standardSeconds(options.getDeviceInactivitySec());
    this.policy = WindowPolicy.from(options);
    this.dedupHorizon = EventTimeOptions.dedupHorizon(options);
  }

  public static ComputeIot from(IotOptions options) {
    IotOptions.validate(options);
    return new ComputeIot(options);
  }

  @Override
  public NamedOutputs expand(PCollection<String> lines) {
    ParsedRecords<Reading> parsed =
        lines.apply(
            "ParseReadings",
            ParseJson.of(NAME, Reading::parse, Reading.Coder.of())
                .withAllowedLateness(policy.allowedLateness()));
    PCollection<Reading> readings =
        parsed
            .records()
            .apply(
                "DropRetransmissions",
                DeduplicateById.of(NAME, Reading::deviceSeq).rememberingIdsFor(dedupHorizon));

    PCollection<KV<String, Double>> values =
        readings
            .apply(
                "ValueByDeviceSensor",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
                    .via(r -> KV.of(r.deviceSensor(), r.value())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
    PCollection<KV<String, String>> stats =
        values
            .apply("SlidingWindows", policy.windowing(values, SlidingWindows.of(statsWindow).every(statsPeriod)))
            .apply("SensorStats", Combine.perKey(new SensorStatsFn()))
            .apply("FormatSensorStats", ParDo.of(new FormatStatsFn()));

    PCollection<KV<String, String>> thresholds =
        readings.apply("Threshold", ParDo.of(new ThresholdFn(bounds)));
    PCollection<KV<String, String>> zscores =
        keyed(readings, "ByDeviceSensor", Reading::deviceSensor)
            .apply(
                "ZScore",
                OrderByEventTime.of(NAME, zscore, stringPairs(), Reading.BY_SEQ)
                    .keeping(zscore.history(), Duration.ZERO)
                    .withAllowedLateness(policy.allowedLateness())
                    .forgettingKeysAfter(deviceInactivity));
    PCollection<KV<String, String>> anomalies =
        PCollectionList.of(thresholds).and(zscores).apply("Anomalies", Flatten.pCollections());

    PCollection<KV<String, String>> silences =
        keyed(readings, "ByDevice", Reading::deviceId)
            .apply(
                "Silence",
                OrderByEventTime.of(NAME, new SilenceWatch(silence.getMillis()), stringPairs(), Reading.BY_SEQ)
                    .keeping(1, Duration.ZERO)
                    .withAllowedLateness(policy.allowedLateness())
                    .withIdleTimeout(silence)
                    .forgettingKeysAfter(deviceInactivity));

    return NamedOutputs.of(NAME, lines.getPipeline())
        .and(SENSOR_STATS, stats)
        .and(ANOMALIES, anomalies)
        .and(DEVICE_SILENCE, silences)
        .and(DEAD_LETTER, parsed.deadLetterLines());
  }

  private static KvCoder<String, String> stringPairs() {
    return KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
  }

  private static PCollection<KV<String, Reading>> keyed(
      PCollection<Reading> readings, String name, SerializableFunction<Reading, String> key) {
    return readings
        .apply(
            name,
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Reading.class)))
                .via(r -> KV.of(key.apply(r), r)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Reading.Coder.of()));
  }

  /** Six decimals, so sums merged in a different order on another runner print the same. */
  private static BigDecimal rounded(double value) {
    return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN);
  }

  static final class FormatStatsFn extends DoFn<KV<String, SensorStatsFn.Stats>, KV<String, String>> {
    @ProcessElement
    public void process(
        @Element KV<String, SensorStatsFn.Stats> element,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      String[] deviceSensor = element.getKey().split("\u0000", 2);
      SensorStatsFn.Stats s = element.getValue();
      if (s.count == 0) {
        return; // an empty accumulator (a pane with no readings): nothing to report, no min/max
      }
      IntervalWindow w = (IntervalWindow) window;
      JsonLine json =
          JsonLine.object()
              .put("deviceId", deviceSensor[0])
              .put("sensor", deviceSensor[1])
              .putTime("windowStart", w.start().getMillis())
              .putTime("windowEnd", WindowPolicy.windowEndMillis(w))
              .put("count", s.count)
              .put("min", BigDecimal.valueOf(s.min))
              .put("max", BigDecimal.valueOf(s.max))
              .put("mean", rounded(s.mean))
              .put("stddev", rounded(s.stddev()));
      out.output(KV.of(deviceSensor[0], PaneLabel.write(json, pane).end()));
    }
  }

  static final class ThresholdFn extends DoFn<Reading, KV<String, String>> {
    private final SensorBounds bounds;

    ThresholdFn(SensorBounds bounds) {
      this.bounds = bounds;
    }

    @ProcessElement
    public void process(@Element Reading r, OutputReceiver<KV<String, String>> out) {
      String reason = bounds.violation(r.sensor(), r.value());
      if (reason != null) {
        out.output(KV.of(r.deviceId(), ZScoreRule.anomaly(r, "THRESHOLD", reason).end()));
      }
    }
  }
}
