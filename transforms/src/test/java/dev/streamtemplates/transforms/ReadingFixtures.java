package dev.streamtemplates.transforms;

import dev.streamtemplates.testing.Timeline;
import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A minimal record for testing the shared transforms: {"id", "key", "value", "timestamp"}. */
public final class ReadingFixtures {
  public static final Coder CODER = new Coder();

  private ReadingFixtures() {}

  /** A line at a time of {@link Timeline#DAY}. */
  public static String line(String id, String key, long value, String time) {
    return JsonLine.object().put("id", id).put("key", key).put("value", value)
        .put("timestamp", Timeline.iso(time)).end();
  }

  public static Reading reading(String id, String key, long value, String time) {
    return new Reading(id, key, value, Timeline.at(time).getMillis());
  }

  public static final class Reading implements TimestampedRecord {
    public final String id;
    public final String key;
    public final long value;
    public final long timestamp;

    Reading(String id, String key, long value, long timestamp) {
      this.id = id;
      this.key = key;
      this.value = value;
      this.timestamp = timestamp;
    }

    public static Reading parse(JsonRecord json) throws InvalidRecordException {
      return new Reading(
          json.requireString("id"), json.requireString("key"), json.requireLong("value"),
          json.requireTimestamp("timestamp"));
    }

    @Override
    public long eventTimeMillis() {
      return timestamp;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Reading)) {
        return false;
      }
      Reading r = (Reading) o;
      return r.id.equals(id) && r.key.equals(key) && r.value == value && r.timestamp == timestamp;
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, key, value, timestamp);
    }

    @Override
    public String toString() {
      return id + "/" + key + "/" + value + "@" + new org.joda.time.Instant(timestamp);
    }
  }

  public static final class Coder extends CustomCoder<Reading> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(Reading r, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(r.id, out);
      StringUtf8Coder.of().encode(r.key, out);
      VarLongCoder.of().encode(r.value, out);
      VarLongCoder.of().encode(r.timestamp, out);
    }

    @Override
    public Reading decode(InputStream in) throws IOException {
      return new Reading(StringUtf8Coder.of().decode(in), StringUtf8Coder.of().decode(in),
          VarLongCoder.of().decode(in), VarLongCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
