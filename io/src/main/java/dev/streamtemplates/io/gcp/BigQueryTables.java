package dev.streamtemplates.io.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The BigQuery side of a named output: its schema, read from the same JSON file Terraform creates
 * the table from ({@code schemas/<pipeline>/<output>.json} on the classpath; the pipelines module
 * packages {@code terraform/schemas}), its partition column, and its rows, converted from the
 * output's JSON lines by that schema. One schema, written once.
 */
final class BigQueryTables {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BigQueryTables() {}

  static String resource(String pipeline, String output) {
    return "/schemas/" + pipeline + "/" + output + ".json";
  }

  /** The schema JSON, as text (it travels with the transform; TableSchema is not serializable). */
  static String schemaJson(String pipeline, String output) {
    try (InputStream in = BigQueryTables.class.getResourceAsStream(resource(pipeline, output))) {
      if (in == null) {
        throw new IllegalArgumentException("--sink=bigquery: no schema " + resource(pipeline, output)
            + " on the classpath; every output needs one in terraform/schemas/" + pipeline + "/");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TableSchema schema(String json) {
    return new TableSchema().setFields(fields(read(json)));
  }

  /** Partitioned by event time: the first required TIMESTAMP column (windowStart, timestamp, ...). */
  static String partitionColumn(String json) {
    for (JsonNode field : read(json)) {
      if (field.get("type").textValue().equals("TIMESTAMP")
          && field.path("mode").asText("NULLABLE").equals("REQUIRED")) {
        return field.get("name").textValue();
      }
    }
    throw new IllegalArgumentException("schema has no required TIMESTAMP column to partition by: " + json);
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<TableFieldSchema> fields(JsonNode fields) {
    List<TableFieldSchema> out = new ArrayList<>();
    for (JsonNode f : fields) {
      TableFieldSchema field = new TableFieldSchema()
          .setName(f.get("name").textValue())
          .setType(f.get("type").textValue())
          .setMode(f.path("mode").asText("NULLABLE"));
      if (f.has("fields")) {
        field.setFields(fields(f.get("fields")));
      }
      out.add(field);
    }
    return out;
  }

  /** One output line as a row of {@code schema}: integers as Long, decimals as exact text. */
  static TableRow row(JsonNode schemaFields, String line) {
    try {
      return row(schemaFields, MAPPER.readTree(line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TableRow row(JsonNode schemaFields, JsonNode record) {
    TableRow row = new TableRow();
    for (JsonNode field : schemaFields) {
      String name = field.get("name").textValue();
      JsonNode value = record.get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      if (field.path("mode").asText("").equals("REPEATED")) {
        List<Object> values = new ArrayList<>();
        value.forEach(v -> values.add(cell(field, v)));
        row.set(name, values);
      } else {
        row.set(name, cell(field, value));
      }
    }
    return row;
  }

  private static Object cell(JsonNode field, JsonNode value) {
    switch (field.get("type").textValue()) {
      case "INTEGER":
      case "INT64":
        return value.longValue();
      case "FLOAT":
      case "FLOAT64":
        return value.doubleValue();
      case "NUMERIC":
      case "BIGNUMERIC":
        return value.decimalValue().toPlainString();
      case "BOOLEAN":
      case "BOOL":
        return value.booleanValue();
      case "RECORD":
      case "STRUCT":
        return row(field.get("fields"), value);
      default:
        return value.asText();
    }
  }

  static JsonNode fieldsOf(String json) {
    return read(json);
  }
}
