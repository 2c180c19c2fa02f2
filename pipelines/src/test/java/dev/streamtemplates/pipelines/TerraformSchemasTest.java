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
