package dev.streamtemplates.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.testing.JsonFields;
import java.util.List;
import java.util.TreeSet;
import org.junit.Test;

/** Every pipeline has its schemas in terraform/schemas, and the checker the file tests use bites. */
public class TerraformSchemasTest {
  @Test
  public void everyPipelineHasItsSchemasAndNoOtherDoes() {
    assertThat(TerraformSchemas.entries(TerraformSchemas.SCHEMAS, true),
        is(new TreeSet<>(List.of("analytics", "fraud", "iot", "recommendations"))));
  }

  /**
   * Terraform's catalog (terraform/modules/pipeline_catalog) names each pipeline's outputs, from
   * which its topics, subscriptions and tables are named, and the column each table is
   * partitioned on: the same outputs as the schema files, and the column the BigQuery sink
   * partitions by.
   */
  @Test
  public void terraformsCatalogNamesTheSameOutputsAndPartitionColumnsAsTheSinks() throws Exception {
    String catalog = new String(java.nio.file.Files.readAllBytes(TerraformSchemas.SCHEMAS.resolve(
        "../modules/pipeline_catalog/main.tf")), java.nio.charset.StandardCharsets.UTF_8);
    String results = catalog.substring(catalog.indexOf("results = {"), catalog.indexOf("pipelines = {"));
    java.util.Map<String, java.util.Map<String, String>> partitions = new java.util.TreeMap<>();
    String current = null;
    for (String line : results.split("\n")) {
      java.util.regex.Matcher p = java.util.regex.Pattern.compile("^\\s{4}(\\w+) = \\{\\s*$").matcher(line);
      java.util.regex.Matcher o = java.util.regex.Pattern.compile(
          "^\\s+\"([\\w-]+)\"\\s*= \\{.*partition_field = \"(\\w+)\"").matcher(line);
      if (p.find()) {
        current = p.group(1);
        partitions.put(current, new java.util.TreeMap<>());
      } else if (o.find() && current != null) {
        partitions.get(current).put(o.group(1), o.group(2));
      }
    }
    assertThat(partitions.keySet(), is(TerraformSchemas.entries(TerraformSchemas.SCHEMAS, true)));
    for (java.util.Map.Entry<String, java.util.Map<String, String>> p : partitions.entrySet()) {
      TreeSet<String> outputs = new TreeSet<>(p.getValue().keySet());
      outputs.add("dead-letter"); // every pipeline's, declared once in the catalog
      TreeSet<String> schemas = new TreeSet<>();
      TerraformSchemas.entries(TerraformSchemas.SCHEMAS.resolve(p.getKey()), false)
          .forEach(f -> schemas.add(f.replace(".json", "")));
      assertThat(p.getKey() + ": outputs in the catalog and schema files", outputs, is(schemas));
      for (java.util.Map.Entry<String, String> o : p.getValue().entrySet()) {
        assertThat(p.getKey() + "/" + o.getKey() + " partition column",
            dev.streamtemplates.io.gcp.BigQuerySink.partitionColumn(p.getKey(), o.getKey()), is(o.getValue()));
      }
      assertThat(dev.streamtemplates.io.gcp.BigQuerySink.partitionColumn(p.getKey(), "dead-letter"), is("processedAt"));
    }
  }

  @Test
  public void theCheckerFindsUnknownMissingAndMistypedFields() {
    JsonNode schema = JsonFields.parse("[{\"name\":\"id\",\"type\":\"STRING\",\"mode\":\"REQUIRED\"},"
        + "{\"name\":\"at\",\"type\":\"TIMESTAMP\",\"mode\":\"REQUIRED\"},"
        + "{\"name\":\"items\",\"type\":\"RECORD\",\"mode\":\"REPEATED\",\"fields\":"
        + "[{\"name\":\"n\",\"type\":\"INTEGER\",\"mode\":\"REQUIRED\"}]}]");
    assertThat(TerraformSchemas.problems(schema,
        JsonFields.parse("{\"id\":\"a\",\"at\":\"2026-11-23T10:00:00.000Z\",\"items\":[{\"n\":1}]}"), "t"),
        is(List.of()));
    assertThat(TerraformSchemas.problems(schema,
        JsonFields.parse("{\"at\":\"yesterday\",\"items\":[{\"n\":1.5}],\"extra\":true}"), "t"),
        is(List.of("t.id is required but missing", "t.at should be TIMESTAMP, is \"yesterday\"",
            "t.items[].n should be INTEGER, is 1.5", "t.extra is written but has no column")));
  }
}
