package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.io.sink.SinkOptions;
import dev.streamtemplates.io.source.SourceOptions;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** The iot pipeline's options: the shared ones, window sizes, anomaly rules and silence. */
public interface IotOptions extends SourceOptions, SinkOptions, EventTimeOptions {
  @Description("sensor-stats: sliding window size, seconds.")
  @Default.Long(300)
  long getStatsWindowSec();

  void setStatsWindowSec(long value);

  @Description("sensor-stats: a window starts every this many seconds.")
  @Default.Long(60)
  long getStatsPeriodSec();

  void setStatsPeriodSec(long value);

  @Description(
      "THRESHOLD bounds per sensor, sensor:min:max comma-separated; sensors not named are"
          + " unbounded. E.g. temperature:-40:85,humidity:0:100")
  @Default.String("temperature:-40:85,humidity:0:100")
  String getBounds();

  void setBounds(String value);

  @Description("ZSCORE: how many previous readings of the same device and sensor form the baseline.")
  @Default.Integer(30)
  int getZscoreHistory();

  void setZscoreHistory(int value);

  @Description("ZSCORE only fires with at least this many previous readings.")
  @Default.Integer(10)
  int getZscoreMinHistory();

  void setZscoreMinHistory(int value);

  @Description("ZSCORE fires when |value - mean| is more than this many standard deviations.")
  @Default.Double(4.0)
  double getZscoreFactor();

  void setZscoreFactor(double value);

  @Description("device-silence: a device is silent after more than this many seconds without readings.")
  @Default.Long(120)
  long getSilenceSec();

  void setSilenceSec(long value);

  @Description(
      "A device (or device sensor) with no reading for this many seconds of event time has its"
          + " state cleared; must be longer than --silenceSec.")
  @Default.Long(3_600)
  long getDeviceInactivitySec();

  void setDeviceInactivitySec(long value);

  /** Fails fast, naming the option, on values that cannot work. */
  static void validate(IotOptions options) {
    EventTimeOptions.validate(options);
    positive("--statsWindowSec", options.getStatsWindowSec());
    positive("--statsPeriodSec", options.getStatsPeriodSec());
    if (options.getStatsPeriodSec() > options.getStatsWindowSec()) {
      throw new IllegalArgumentException("--statsPeriodSec (" + options.getStatsPeriodSec()
          + ") must be <= --statsWindowSec (" + options.getStatsWindowSec() + ")");
    }
    SensorBounds.parse(options.getBounds());
    positive("--zscoreHistory", options.getZscoreHistory());
    positive("--zscoreMinHistory", options.getZscoreMinHistory());
    if (options.getZscoreMinHistory() > options.getZscoreHistory()) {
      throw new IllegalArgumentException("--zscoreMinHistory (" + options.getZscoreMinHistory()
          + ") must be <= --zscoreHistory (" + options.getZscoreHistory() + ")");
    }
    if (!(options.getZscoreFactor() > 0) || Double.isInfinite(options.getZscoreFactor())) {
      throw new IllegalArgumentException("--zscoreFactor must be > 0, got " + options.getZscoreFactor());
    }
    positive("--silenceSec", options.getSilenceSec());
    if (options.getDeviceInactivitySec() <= options.getSilenceSec()) {
      throw new IllegalArgumentException("--deviceInactivitySec (" + options.getDeviceInactivitySec()
          + ") must be longer than --silenceSec (" + options.getSilenceSec() + ")");
    }
  }

  private static void positive(String option, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(option + " must be > 0, got " + value);
    }
  }
}
