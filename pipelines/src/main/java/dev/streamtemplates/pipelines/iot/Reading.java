package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.SerializableComparator;

/** One sensor reading of the iot contract, parsed once at the edge. */
public final class Reading implements TimestampedRecord {
  /** The contract's tie-break between readings of one instant: seq as a number. */
  public static final SerializableComparator<Reading> BY_SEQ = (a, b) -> Long.compare(a.seq, b.seq);

  private final String deviceId;
  private final String sensor;
  private final double value;
  private final long seq;
  private final long timestampMillis;

  public Reading(String deviceId, String sensor, double value, long seq, long timestampMillis) {
    this.deviceId = deviceId;
    this.sensor = sensor;
    this.value = value;
    this.seq = seq;
    this.timestampMillis = timestampMillis;
  }

  /** Validates one record against the contract; the exception says what is wrong. */
  public static Reading parse(JsonRecord json) throws InvalidRecordException {
    String deviceId = json.requireString("deviceId");
    String sensor = json.requireString("sensor");
    double value = json.requireNumber("value");
    long seq = json.requireLong("seq");
    if (seq < 0) {
      throw new InvalidRecordException("field 'seq' must be >= 0, got " + seq);
    }
    long timestamp = json.requireTimestamp("timestamp");
    return new Reading(deviceId, sensor, value, seq, timestamp);
  }

  public String deviceId() {
    return deviceId;
  }

  public String sensor() {
    return sensor;
  }

  public double value() {
    return value;
  }

  public long seq() {
    return seq;
  }

  /** The retransmission id: a device's seq. */
  public String deviceSeq() {
    return deviceId + "#" + seq;
  }

  /** Grouping key of a device's sensor. */
  public String deviceSensor() {
    return deviceId + '\u0000' + sensor;
  }

  @Override
  public long eventTimeMillis() {
    return timestampMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Reading)) {
      return false;
    }
    Reading r = (Reading) o;
    return seq == r.seq
        && timestampMillis == r.timestampMillis
        && Double.compare(value, r.value) == 0
        && deviceId.equals(r.deviceId)
        && sensor.equals(r.sensor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deviceId, sensor, value, seq, timestampMillis);
  }

  @Override
  public String toString() {
    return "Reading{" + deviceId + ", " + sensor + "=" + value + ", seq " + seq + ", " + timestampMillis + "}";
  }

  /** Compact and deterministic; no Java serialization. */
  public static final class Coder extends CustomCoder<Reading> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Reading r, OutputStream out) throws IOException {
      STRING.encode(r.deviceId, out);
      STRING.encode(r.sensor, out);
      DOUBLE.encode(r.value, out);
      LONG.encode(r.seq, out);
      LONG.encode(r.timestampMillis, out);
    }

    @Override
    public Reading decode(InputStream in) throws IOException {
      return new Reading(
          STRING.decode(in), STRING.decode(in), DOUBLE.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
