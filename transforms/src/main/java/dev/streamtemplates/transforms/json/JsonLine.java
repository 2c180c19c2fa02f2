package dev.streamtemplates.transforms.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamtemplates.transforms.time.EventTimes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Builds one output record as a single line of JSON, fields in the order they are added.
 *
 * <pre>{@code
 * String json = JsonLine.object().put("userId", "u1").putTime("sessionStart", start).end();
 * }</pre>
 */
public final class JsonLine {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final StringWriter out = new StringWriter(128);
  private final JsonGenerator gen;

  private JsonLine() {
    try {
      gen = FACTORY.createGenerator(out);
      gen.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonLine object() {
    return new JsonLine();
  }

  public JsonLine put(String field, String value) {
    return write(() -> {
      if (value == null) {
        gen.writeNullField(field);
      } else {
        gen.writeStringField(field, value);
      }
    });
  }

  public JsonLine put(String field, long value) {
    return write(() -> gen.writeNumberField(field, value));
  }

  public JsonLine put(String field, double value) {
    return write(() -> gen.writeNumberField(field, value));
  }

  public JsonLine put(String field, boolean value) {
    return write(() -> gen.writeBooleanField(field, value));
  }

  /** Writes an exact decimal without exponent or trailing zeros: 12.50 becomes 12.5. */
  public JsonLine put(String field, BigDecimal value) {
    return write(() -> {
      gen.writeFieldName(field);
      BigDecimal plain = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
      gen.writeNumber(plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString());
    });
  }

  /** Writes an event time as the contract's ISO-8601 UTC string. */
  public JsonLine putTime(String field, long epochMillis) {
    return put(field, EventTimes.format(epochMillis));
  }

  /** Starts a nested object; close it with {@link #endObject()}. */
  public JsonLine startObject(String field) {
    return write(() -> gen.writeObjectFieldStart(field));
  }

  public JsonLine endObject() {
    return write(gen::writeEndObject);
  }

  /** Starts a nested array of objects; each element with {@link #startElement()}. */
  public JsonLine startArray(String field) {
    return write(() -> gen.writeArrayFieldStart(field));
  }

  public JsonLine startElement() {
    return write(gen::writeStartObject);
  }

  public JsonLine endElement() {
    return write(gen::writeEndObject);
  }

  public JsonLine endArray() {
    return write(gen::writeEndArray);
  }

  /** Closes the object and returns the line, without a line ending. */
  public String end() {
    write(gen::writeEndObject);
    try {
      gen.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private interface Step {
    void run() throws IOException;
  }

  private JsonLine write(Step step) {
    try {
      step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
