package dev.streamtemplates.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamtemplates.testing.FixtureFiles;
import dev.streamtemplates.testing.JsonFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The BigQuery schemas Terraform creates tables from ({@code terraform/schemas/<pipeline>/<output>.json})
 * checked against what a pipeline really wrote: every named output has a schema and every schema
 * an output, and every record fits its table (no unknown field, every required field present,
 * each value of its column's type, nested and repeated fields included). The file tests call it
 * on their runs, so the schemas cannot drift from the code.
 */
public final class TerraformSchemas {
  static final Path SCHEMAS = Paths.get("..", "terraform", "schemas");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TerraformSchemas() {}

  /** {@code out} holds one folder per named output, as {@code --sink=file} writes them. */
  public static void assertOutputsFit(String pipeline, Path out) {
    TreeSet<String> outputs = entries(out, true);
    TreeSet<String> schemas = new TreeSet<>();
    entries(SCHEMAS.resolve(pipeline), false).forEach(f -> schemas.add(f.replace(".json", "")));
    assertThat(pipeline + ": the outputs written and the schemas in terraform/schemas", schemas, is(outputs));
    for (String output : outputs) {
      JsonNode schema = read(SCHEMAS.resolve(pipeline).resolve(output + ".json"));
      for (String line : FixtureFiles.readAllLines(out.resolve(output))) {
        assertThat(line, problems(schema, JsonFields.parse(line), pipeline + "/" + output), is(List.of()));
      }
    }
  }

  static TreeSet<String> entries(Path dir, boolean folders) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> Files.isDirectory(p) == folders).map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every way {@code record} does not fit the BigQuery {@code fields}; empty when it fits. */
  static List<String> problems(JsonNode fields, JsonNode record, String where) {
    List<String> problems = new ArrayList<>();
    fits(fields, record, where, problems);
    return problems;
  }

  private static void fits(JsonNode fields, JsonNode record, String where, List<String> problems) {
    TreeSet<String> known = new TreeSet<>();
    for (JsonNode field : fields) {
      String name = field.get("name").textValue();
      known.add(name);
      JsonNode value = record.get(name);
      String mode = field.has("mode") ? field.get("mode").textValue() : "NULLABLE";
      if (value == null || value.isNull()) {
        if (mode.equals("REQUIRED")) {
          problems.add(where + "." + name + " is required but missing");
        }
      } else if (mode.equals("REPEATED")) {
        if (value.isArray()) {
          for (JsonNode element : value) {
            fitsType(field, element, where + "." + name + "[]", problems);
          }
        } else {
          problems.add(where + "." + name + " should be an array");
        }
      } else {
        fitsType(field, value, where + "." + name, problems);
      }
    }
    for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(where + "." + name + " is written but has no column");
      }
    }
  }

  private static void fitsType(JsonNode field, JsonNode value, String where, List<String> problems) {
    String type = field.get("type").textValue();
    boolean ok;
    switch (type) {
      case "STRING":
        ok = value.isTextual();
        break;
      case "TIMESTAMP":
        ok = value.isTextual()
            && value.textValue().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
        break;
      case "INTEGER":
      case "INT64":
        ok = value.isIntegralNumber();
        break;
      case "NUMERIC":
      case "BIGNUMERIC":
      case "FLOAT":
      case "FLOAT64":
        ok = value.isNumber();
        break;
      case "BOOLEAN":
      case "BOOL":
        ok = value.isBoolean();
        break;
      case "RECORD":
      case "STRUCT":
        ok = value.isObject();
        if (ok) {
          fits(field.get("fields"), value, where, problems);
        }
        break;
      default:
        ok = false;
    }
    if (!ok) {
      problems.add(where + " should be " + type + ", is " + value);
    }
  }
}
