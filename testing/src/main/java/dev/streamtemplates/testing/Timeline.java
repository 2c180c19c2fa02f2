package dev.streamtemplates.testing;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A {@link TestStream} of raw JSON lines that reads like a timeline. Times are {@code "HH:mm:ss"}
 * on one fixed day ({@link #DAY}), so a test says {@code at("10:00:05")} rather than epoch millis.
 *
 * <pre>{@code
 * TestStream<String> stream = Timeline.start("10:00:00")
 *     .add(event("e1", "10:00:05"))
 *     .watermark("10:01:00")              // the window [10:00, 10:01) is now on time
 *     .add(event("e2", "10:00:30"))       // late, within the allowed lateness
 *     .end();
 * }</pre>
 *
 * <p>Each line is delivered with the event time it carries (read from its {@code timestamp}
 * field), as a source with event-time timestamps would; lines without one are delivered at the
 * current watermark.
 */
public final class Timeline {
  /** The day every timeline happens on. */
  public static final String DAY = "2026-11-23";

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private TestStream.Builder<String> builder;
  private Instant watermark;

  private Timeline(Instant start) {
    this.builder = TestStream.create(StringUtf8Coder.of()).advanceWatermarkTo(start);
    this.watermark = start;
  }

  public static Timeline start(String time) {
    return new Timeline(at(time));
  }

  /** {@code "10:00:05"} or {@code "10:00:05.250"} on {@link #DAY}. */
  public static Instant at(String time) {
    String full = time.length() == 8 ? time + ".000" : time;
    return Instant.parse(DAY + "T" + full + "Z");
  }

  /** The contract's timestamp text for a time on {@link #DAY}: {@code 2026-11-23T10:00:05.000Z}. */
  public static String iso(String time) {
    return ISO.format(ZonedDateTime.parse(DAY + "T" + (time.length() == 8 ? time + ".000" : time) + "Z"));
  }

  /** Adds lines, each stamped with the event time in its {@code timestamp} field. */
  public Timeline add(String... lines) {
    if (lines.length == 0) {
      return this;
    }
    @SuppressWarnings("unchecked")
    TimestampedValue<String>[] values = new TimestampedValue[lines.length];
    for (int i = 0; i < lines.length; i++) {
      values[i] = TimestampedValue.of(lines[i], eventTimeOf(lines[i]));
    }
    builder = builder.addElements(values[0], java.util.Arrays.copyOfRange(values, 1, values.length));
    return this;
  }

  public Timeline watermark(String time) {
    watermark = at(time);
    builder = builder.advanceWatermarkTo(watermark);
    return this;
  }

  /** Lets processing time pass: early panes fire. */
  public Timeline wait(Duration processingTime) {
    builder = builder.advanceProcessingTime(processingTime);
    return this;
  }

  public Timeline waitSeconds(long seconds) {
    return wait(Duration.standardSeconds(seconds));
  }

  /** Ends the stream: the watermark goes to the end of time and every window closes. */
  public TestStream<String> end() {
    return builder.advanceWatermarkToInfinity();
  }

  private Instant eventTimeOf(String line) {
    int field = line.indexOf("\"timestamp\"");
    if (field < 0) {
      return watermark;
    }
    int open = line.indexOf('"', line.indexOf(':', field) + 1);
    int close = line.indexOf('"', open + 1);
    try {
      return Instant.parse(line.substring(open + 1, close));
    } catch (RuntimeException e) {
      return watermark; // malformed on purpose: deliver it now
    }
  }
}
