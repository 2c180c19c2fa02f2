package dev.streamtemplates.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Projects JSON output lines onto the fields a test cares about, as compact text:
 * {@code project(line, "events", "timing")} gives {@code events=3 timing=ON_TIME}. Nested values
 * print as JSON. Assertions then read like the expected records.
 */
public final class JsonFields {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonFields() {}

  public static String project(String json, String... fields) {
    JsonNode node = parse(json);
    StringBuilder out = new StringBuilder();
    for (String field : fields) {
      if (out.length() > 0) {
        out.append(' ');
      }
      JsonNode value = node.get(field);
      out.append(field).append('=');
      if (value == null) {
        out.append("<absent>");
      } else if (value.isTextual()) {
        out.append(value.textValue());
      } else {
        out.append(value.toString());
      }
    }
    return out.toString();
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  /** The transform form, for {@code PAssert}: keyed output lines in, projections out. */
  public static PTransform<PCollection<KV<String, String>>, PCollection<String>> of(String... fields) {
    return new PTransform<>() {
      @Override
      public PCollection<String> expand(PCollection<KV<String, String>> input) {
        return input
            .apply("Lines", Values.create())
            .apply("Project", MapElements.into(TypeDescriptors.strings()).via(line -> project(line, fields)));
      }
    };
  }
}
