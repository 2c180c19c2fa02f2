package dev.streamtemplates.io.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamtemplates.transforms.time.EventTimes;
import java.io.IOException;
import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time for Kafka records from the JSON {@code timestamp} field, and a watermark that tracks
 * the data: per partition, the newest event time seen (never ahead of the clock) minus the
 * allowed out-of-orderness.
 *
 * <p>A partition that is caught up (no backlog) and has seen nothing newer than the clock minus
 * the out-of-orderness moves its watermark to that point, so an idle partition does not hold the
 * others back forever and a replay of old data closes its windows once it is read. A record
 * whose timestamp cannot be read keeps the newest time seen: it goes to the dead-letter output,
 * and must not move the watermark.
 *
 * <p>Only the top-level {@code timestamp} field is scanned here; the record is parsed once, by
 * the pipeline's parser.
 */
final class JsonEventTimePolicy<K> extends TimestampPolicy<K, String> {
  private static final JsonFactory JSON = new JsonFactory();
  /** How long a reader that has read nothing waits before calling its partition idle. */
  private static final Duration IDLE_GRACE = Duration.standardSeconds(5);
  private final Duration maxOutOfOrderness;
  private final Instant created = Instant.now();
  private Instant newest;
  /** When this reader first returned a record of the partition; null before. */
  private Instant firstRead;

  JsonEventTimePolicy(Duration maxOutOfOrderness, Optional<Instant> previousWatermark) {
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.newest = previousWatermark.map(w -> w.plus(maxOutOfOrderness)).orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext context, KafkaRecord<K, String> record) {
    if (firstRead == null) {
      firstRead = Instant.now();
    }
    Long eventTime = eventTime(record.getKV().getValue());
    if (eventTime == null) {
      return newest;
    }
    Instant time = new Instant(eventTime);
    Instant capped = time.isAfter(Instant.now()) ? Instant.now() : time;
    if (capped.isAfter(newest)) {
      newest = capped;
    }
    return time;
  }

  @Override
  public Instant getWatermark(PartitionContext context) {
    // Caught up: the backlog is zero by a measurement taken after this reader started reading
    // (a reader restored from a checkpoint may report zero before it has fetched anything), or,
    // for a partition this reader has found empty, well after it started.
    Instant checked = context.getBacklogCheckTime();
    boolean fresh = firstRead != null ? checked.isAfter(firstRead) : checked.isAfter(created.plus(IDLE_GRACE));
    if (context.getMessageBacklog() == 0 && fresh && checked.minus(maxOutOfOrderness).isAfter(newest)) {
      newest = checked;
    }
    return newest.equals(BoundedWindow.TIMESTAMP_MIN_VALUE) ? newest : newest.minus(maxOutOfOrderness);
  }

  /** The top-level {@code timestamp} field in epoch millis, or null when there is none. */
  static Long eventTime(String json) {
    if (json == null) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("timestamp")) {
          return value == JsonToken.VALUE_STRING ? EventTimes.parse(parser.getText()) : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
