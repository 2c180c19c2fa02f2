package dev.streamtemplates.pipelines.iot;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** THRESHOLD bounds per sensor type, from {@code --bounds=temperature:-40:85,humidity:0:100}. */
final class SensorBounds implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, double[]> bounds;

  private SensorBounds(Map<String, double[]> bounds) {
    this.bounds = bounds;
  }

  static SensorBounds parse(String spec) {
    Map<String, double[]> bounds = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      int last = item.lastIndexOf(':');
      int middle = last <= 0 ? -1 : lastColonBefore(item, last);
      if (middle <= 0) {
        throw invalid(item, "expected sensor:min:max");
      }
      double min;
      double max;
      try {
        min = Double.parseDouble(item.substring(middle + 1, last));
        max = Double.parseDouble(item.substring(last + 1));
      } catch (NumberFormatException e) {
        throw invalid(item, "min and max must be numbers");
      }
      if (!(min <= max)) {
        throw invalid(item, "min must be <= max");
      }
      bounds.put(item.substring(0, middle), new double[] {min, max});
    }
    return new SensorBounds(bounds);
  }

  /** The colon before {@code last} that is not part of a negative number's sign ("t:-40:85"). */
  private static int lastColonBefore(String item, int last) {
    return item.lastIndexOf(':', last - 1);
  }

  private static IllegalArgumentException invalid(String item, String why) {
    return new IllegalArgumentException("--bounds: '" + item + "': " + why
        + " (e.g. --bounds=temperature:-40:85,humidity:0:100)");
  }

  /** A reason when {@code value} is outside the sensor's bounds, else null. */
  String violation(String sensor, double value) {
    double[] range = bounds.get(sensor);
    if (range == null) {
      return null;
    }
    if (value < range[0]) {
      return "value " + number(value) + " is below the " + sensor + " minimum " + number(range[0]);
    }
    if (value > range[1]) {
      return "value " + number(value) + " is above the " + sensor + " maximum " + number(range[1]);
    }
    return null;
  }

  static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
