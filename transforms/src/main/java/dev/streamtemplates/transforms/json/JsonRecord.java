package dev.streamtemplates.transforms.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamtemplates.transforms.time.EventTimes;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One input record, parsed once at the edge, with typed accessors whose failures read well in a
 * dead-letter record: "field 'amount' must be a JSON number, got a string".
 */
public final class JsonRecord {
  /** The contract's size limit, in UTF-8 bytes, without the line ending. */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(MAX_RECORD_BYTES + 1).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonNode node;

  private JsonRecord(JsonNode node) {
    this.node = node;
  }

  /** Parses one record; rejects oversized text, invalid JSON and anything but an object. */
  public static JsonRecord parse(String text) throws InvalidRecordException {
    checkSize(text);
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRecordException("empty record: expected one JSON object");
    }
    if (!node.isObject()) {
      throw new InvalidRecordException(
          "expected a JSON object, got " + describe(node) + " (one JSON object per record)");
    }
    return new JsonRecord(node);
  }

  private static void checkSize(String text) throws InvalidRecordException {
    if ((long) text.length() * 3 <= MAX_RECORD_BYTES) {
      return; // cannot exceed the limit: a char is at most 3 UTF-8 bytes
    }
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_RECORD_BYTES) {
      throw new InvalidRecordException(
          String.format(
              "record is %,d bytes; the limit is %,d bytes (1 MiB)", bytes, MAX_RECORD_BYTES));
    }
  }

  public String requireString(String field) throws InvalidRecordException {
    JsonNode value = require(field);
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    String text = value.textValue();
    if (text.isEmpty()) {
      throw new InvalidRecordException("field '" + field + "' must not be empty");
    }
    return text;
  }

  /** An optional string: absent or null gives {@code null}; any other non-string is an error. */
  public String optionalString(String field) throws InvalidRecordException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    return value.textValue();
  }

  public String requireOneOf(String field, Set<String> allowed) throws InvalidRecordException {
    String value = requireString(field);
    if (!allowed.contains(value)) {
      throw new InvalidRecordException(
          "field '" + field + "' must be one of " + String.join(", ", allowed) + "; got '"
              + InvalidRecordException.excerpt(value) + "'");
    }
    return value;
  }

  public double requireNumber(String field) throws InvalidRecordException {
    return number(field, require(field));
  }

  /** An optional number: absent gives {@code Double.NaN}; null or a non-number is an error. */
  public double optionalNumber(String field) throws InvalidRecordException {
    JsonNode value = node.get(field);
    if (value == null) {
      return Double.NaN;
    }
    if (value.isNull()) {
      throw new InvalidRecordException("field '" + field + "' is null; omit it or give a number");
    }
    return number(field, value);
  }

  public long requireLong(String field) throws InvalidRecordException {
    JsonNode value = require(field);
    if (!value.isIntegralNumber()) {
      throw wrongType(field, "an integer", value);
    }
    if (!value.canConvertToLong()) {
      throw new InvalidRecordException("field '" + field + "' is out of range: " + value);
    }
    return value.longValue();
  }

  /** The record's event time, in epoch milliseconds. */
  public long requireTimestamp(String field) throws InvalidRecordException {
    String text = requireString(field);
    try {
      return EventTimes.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("field '" + field + "' " + e.getMessage());
    }
  }

  private JsonNode require(String field) throws InvalidRecordException {
    JsonNode value = node.get(field);
    if (value == null) {
      throw new InvalidRecordException("missing required field '" + field + "'");
    }
    if (value.isNull()) {
      throw new InvalidRecordException("required field '" + field + "' is null");
    }
    return value;
  }

  private static double number(String field, JsonNode value) throws InvalidRecordException {
    if (!value.isNumber()) {
      throw wrongType(field, "a JSON number", value);
    }
    double d = value.doubleValue();
    if (!Double.isFinite(d)) {
      throw new InvalidRecordException("field '" + field + "' is not a finite number: " + value);
    }
    return d;
  }

  private static InvalidRecordException wrongType(String field, String expected, JsonNode value) {
    return new InvalidRecordException(
        "field '" + field + "' must be " + expected + ", got " + describe(value));
  }

  private static String describe(JsonNode value) {
    switch (value.getNodeType()) {
      case STRING:
        return "a string (\"" + InvalidRecordException.excerpt(value.textValue()) + "\")";
      case NUMBER:
        return "the number " + value;
      case BOOLEAN:
        return "a boolean";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      case NULL:
        return "null";
      default:
        return value.getNodeType().toString().toLowerCase();
    }
  }

}
