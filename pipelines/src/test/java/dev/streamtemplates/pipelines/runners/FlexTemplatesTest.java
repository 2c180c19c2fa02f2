package dev.streamtemplates.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamtemplates.pipelines.Main;
import dev.streamtemplates.pipelines.runtime.FlexTemplateMetadata;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/**
 * The flex templates under templates/ cannot drift from the code: each pipeline's metadata holds
 * exactly the parameters its options interface generates, every parameter is an option the
 * pipeline accepts with a value its regex allows, and each Dockerfile launches that pipeline's
 * main class on Google's Java 17 launcher image.
 */
public class FlexTemplatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGENERATE = "; regenerate it from the options with: make"
      + " template-metadata";

  @Test
  public void everyPipelineHasATemplate() throws Exception {
    Field registry = Main.class.getDeclaredField("PIPELINES");
    registry.setAccessible(true);
    TreeSet<String> mainNames = new TreeSet<>(((Map<?, ?>) registry.get(null)).keySet()
        .stream().map(Object::toString).collect(Collectors.toList()));
    TreeSet<String> catalog = PipelineCatalog.ALL.stream().map(e -> e.name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat("PipelineCatalog lists Main's pipelines", catalog, is(mainNames));
    for (String name : mainNames) {
      assertThat(name + "/metadata.json", Files.exists(template(name, "metadata.json")), is(true));
      assertThat(name + "/Dockerfile", Files.exists(template(name, "Dockerfile")), is(true));
    }
  }

  @Test
  public void metadataListsExactlyTheParametersTheOptionsDeclare() throws Exception {
    for (PipelineCatalog.Entry pipeline : PipelineCatalog.ALL) {
      ObjectNode committed = metadata(pipeline.name);
      assertThat(pipeline.name + ": the options interface", 
          FlexTemplateMetadata.optionsOf(pipeline.mainClass).getName(),
          is(pipeline.options.getName()));
      JsonNode generated = FlexTemplateMetadata.forPipeline(pipeline.name, committed);
      assertThat("templates/" + pipeline.name + "/metadata.json is out of date" + REGENERATE
              + "\n", FlexTemplateMetadata.toText(committed),
          is(FlexTemplateMetadata.toText(generated)));
    }
  }

  @Test
  public void everyParameterIsAnOptionThePipelineAcceptsWithAValueItsRegexAllows()
      throws Exception {
    for (PipelineCatalog.Entry pipeline : PipelineCatalog.ALL) {
      JsonNode metadata = metadata(pipeline.name);
      assertThat(metadata.path("name").asText(), not(emptyString()));
      assertThat(metadata.path("description").asText(), not(emptyString()));
      for (JsonNode parameter : metadata.path("parameters")) {
        String name = parameter.path("name").asText();
        String where = pipeline.name + " --" + name;
        assertThat(where + " label", parameter.path("label").asText(), not(emptyString()));
        assertThat(where + " help", parameter.path("helpText").asText(), not(emptyString()));
        assertThat(where + " optional", parameter.path("isOptional").isBoolean(), is(true));
        Pattern regex = Pattern.compile(parameter.path("regexes").path(0).asText());
        String value = sampleValue(regex);
        assertThat(where + " sample value", regex.matcher(value).matches(), is(true));
        // Parses (unknown option or wrong type would throw), as the launcher would pass it.
        PipelineOptionsFactory.fromArgs("--" + name + "=" + value).as(pipeline.options);
      }
    }
  }

  @Test
  public void dockerfileLaunchesThePipelineOnTheJava17LauncherImage() throws Exception {
    for (PipelineCatalog.Entry pipeline : PipelineCatalog.ALL) {
      String dockerfile = Files.readString(template(pipeline.name, "Dockerfile"),
          StandardCharsets.UTF_8);
      assertThat(dockerfile, containsString(
          "gcr.io/dataflow-templates-base/java17-template-launcher-base"));
      assertThat(dockerfile, containsString("FLEX_TEMPLATE_JAVA_MAIN_CLASS=\""
          + pipeline.mainClass.getName() + "\""));
      assertThat(pipeline.mainClass, is(FlexTemplateMetadata.mainClassOf(pipeline.name)));
      pipeline.mainClass.getMethod("main", String[].class);
      assertThat(dockerfile, containsString("COPY pipelines-bundled.jar "));
    }
  }

  /** A value the regex accepts: the first alternative of an enum, else a typical value. */
  private static String sampleValue(Pattern regex) {
    String text = regex.pattern();
    if (text.startsWith("^(") && text.endsWith(")$")) {
      return text.substring(2, text.length() - 2).split("\\|")[0];
    }
    List<String> candidates = new ArrayList<>(List.of("7", "2.5", "true", "a,b", "x"));
    return candidates.stream().filter(c -> regex.matcher(c).matches()).findFirst()
        .orElseThrow(() -> new AssertionError("no sample value for " + text));
  }

  private static Path template(String pipeline, String file) {
    return RepositoryFiles.templates().resolve(pipeline).resolve(file);
  }

  private static ObjectNode metadata(String pipeline) throws Exception {
    return (ObjectNode) JSON.readTree(template(pipeline, "metadata.json").toFile());
  }
}
