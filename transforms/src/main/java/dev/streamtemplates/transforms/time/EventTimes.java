package dev.streamtemplates.transforms.time;

import dev.streamtemplates.transforms.json.InvalidRecordException;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.ZoneOffset;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/** The contract's timestamp format: ISO-8601 UTC with a {@code Z}, fractional seconds optional. */
public final class EventTimes {
  private static final DateTimeFormatter OUTPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EventTimes() {}

  /** Formats as {@code 2026-11-23T10:00:00.000Z}. */
  public static String format(long epochMillis) {
    return OUTPUT.format(java.time.Instant.ofEpochMilli(epochMillis));
  }

  public static String format(Instant instant) {
    return format(instant.getMillis());
  }

  /**
   * How far the input watermark has come, seen from an event-time timer's callback: at least the
   * firing's time, and where the runner tells it (Flink, Direct, Dataflow's classic worker: an
   * event-time timer's relative time is the input watermark) the watermark itself. So one firing
   * can handle everything the watermark has passed, not only what its timer was set for. The
   * portable SDK harness gives the firing's time, never later than the watermark.
   */
  public static long watermarkReached(Instant fired, Timer eventTimeTimer) {
    // Flink's last watermark is Long.MAX_VALUE, past Beam's end of time: callers add to it.
    long watermark =
        Math.min(
            eventTimeTimer.getCurrentRelativeTime().getMillis(),
            BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis());
    return Math.max(fired.getMillis(), watermark);
  }

  /** A duration in seconds, as exact as the milliseconds: {@code 300 s}, {@code 300.5 s}. */
  public static String seconds(long millis) {
    return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
  }

  /**
   * Parses a contract timestamp to epoch milliseconds (sub-millisecond digits are truncated).
   *
   * @throws IllegalArgumentException with a message fit for a dead-letter record
   */
  public static long parse(String text) {
    if (text.isEmpty() || text.charAt(text.length() - 1) != 'Z') {
      throw new IllegalArgumentException(
          "must be ISO-8601 UTC ending in 'Z' (e.g. 2026-11-23T10:00:00.000Z), got '"
              + InvalidRecordException.excerpt(text) + "'");
    }
    try {
      java.time.Instant parsed = DateTimeFormatter.ISO_INSTANT.parse(text, java.time.Instant::from);
      long millis = parsed.getEpochSecond() * 1000L + parsed.get(ChronoField.MILLI_OF_SECOND);
      if (millis <= BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()
          || millis >= BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()) {
        throw new IllegalArgumentException("is out of the supported range: '" + text + "'");
      }
      return millis;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "must be ISO-8601 UTC ending in 'Z' (e.g. 2026-11-23T10:00:00.000Z), got '"
              + InvalidRecordException.excerpt(text) + "'");
    }
  }

}
