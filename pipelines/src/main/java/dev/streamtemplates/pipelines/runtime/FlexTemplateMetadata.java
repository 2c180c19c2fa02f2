package dev.streamtemplates.pipelines.runtime;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * The parameters of a pipeline's Dataflow flex template ({@code templates/<pipeline>/metadata.json}),
 * generated from its options interface so that the two cannot drift apart: every option declared
 * in this project's own interfaces ({@code SourceOptions}, {@code SinkOptions}, ..., the
 * pipeline's own) becomes a parameter, with its label, its {@code @Description} (and default) as
 * help text, a validation regex from its type, and whether it is optional. Beam's and Dataflow's
 * own options (project, region, workers, Streaming Engine...) are the launcher's: {@code gcloud
 * dataflow flex-template run} takes them as flags.
 *
 * <pre>
 * java -cp pipelines-bundled.jar dev.streamtemplates.pipelines.runtime.FlexTemplateMetadata \
 *     fraud templates/fraud/metadata.json
 * </pre>
 *
 * rewrites the file's {@code parameters} and keeps what people wrote (name, description).
 * {@code make template-metadata} does it for every pipeline; a test fails when they differ.
 */
public final class FlexTemplateMetadata {
  /** Interfaces in this package tree are the project's own options: the template's parameters. */
  static final String OWN_PACKAGE = "dev.streamtemplates.";
  static final String PIPELINES_PACKAGE = "dev.streamtemplates.pipelines.";

  static final String INTEGER = "^-?[0-9]+$";
  static final String DECIMAL = "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$";
  static final String BOOLEAN = "^(true|false)$";
  static final String TEXT = "^.+$";
  static final String LIST = "^[^,]+(,[^,]+)*$";

  private static final ObjectMapper JSON = new ObjectMapper();

  private FlexTemplateMetadata() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: FlexTemplateMetadata <pipeline> <metadata.json>\n"
          + "  writes the template parameters of dev.streamtemplates.pipelines.<pipeline>;"
          + " keeps the file's name and description");
      System.exit(2);
    }
    Path file = Path.of(args[1]);
    ObjectNode existing = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : null;
    ObjectNode metadata = forPipeline(args[0], existing);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, toText(metadata), StandardCharsets.UTF_8);
    System.out.println("wrote " + metadata.path("parameters").size() + " parameters of "
        + args[0] + " to " + file);
  }

  /**
   * The metadata of {@code pipeline}'s template: {@code existing}'s hand-written fields (or
   * defaults if null) with the parameters generated from the pipeline's options.
   */
  public static ObjectNode forPipeline(String pipeline, ObjectNode existing) {
    ObjectNode metadata = JSON.createObjectNode();
    metadata.put("name", existing != null && existing.hasNonNull("name")
        ? existing.get("name").asText() : pipeline);
    metadata.put("description", existing != null && existing.hasNonNull("description")
        ? existing.get("description").asText()
        : "The " + pipeline + " pipeline; see docs/" + pipeline + ".md.");
    // Every pipeline reads unbounded input by default and deduplicates by id; it is built for
    // Dataflow's exactly-once streaming mode, not at-least-once (which would repeat outputs).
    metadata.put("streaming", true);
    metadata.put("supportsExactlyOnce", true);
    metadata.put("supportsAtLeastOnce", false);
    metadata.set("parameters", parameters(optionsOf(mainClassOf(pipeline))));
    return metadata;
  }

  /** The JSON text a metadata file holds: indented, ending with a newline. */
  public static String toText(JsonNode metadata) {
    try {
      return JSON.writer(new Indented()).writeValueAsString(metadata) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** By convention: {@code fraud} is {@code dev.streamtemplates.pipelines.fraud.FraudPipeline}. */
  public static Class<?> mainClassOf(String pipeline) {
    String name = PIPELINES_PACKAGE + pipeline + "."
        + Character.toUpperCase(pipeline.charAt(0)) + pipeline.substring(1) + "Pipeline";
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("no pipeline " + pipeline + ": " + name + " not found",
          e);
    }
  }

  /** The options interface of a pipeline: the parameter of its {@code static build(options)}. */
  @SuppressWarnings("unchecked")
  public static Class<? extends PipelineOptions> optionsOf(Class<?> mainClass) {
    return Arrays.stream(mainClass.getMethods())
        .filter(m -> m.getName().equals("build") && Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getParameterCount() == 1
            && PipelineOptions.class.isAssignableFrom(m.getParameterTypes()[0])
            && Pipeline.class.isAssignableFrom(m.getReturnType()))
        .map(m -> (Class<? extends PipelineOptions>) m.getParameterTypes()[0])
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(mainClass.getName()
            + " has no public static Pipeline build(SomeOptions)"));
  }

  /**
   * One parameter per option of the project's own interfaces that {@code options} extends,
   * interface by interface (the pipeline's own first), each interface's options by name.
   */
  public static ArrayNode parameters(Class<? extends PipelineOptions> options) {
    ArrayNode parameters = JSON.createArrayNode();
    Set<String> seen = new LinkedHashSet<>();
    for (Class<?> iface : ownInterfaces(options)) {
      List<Method> getters = Arrays.stream(iface.getDeclaredMethods())
          .filter(FlexTemplateMetadata::isOptionGetter)
          .sorted(Comparator.comparing(FlexTemplateMetadata::optionName))
          .collect(Collectors.toList());
      for (Method getter : getters) {
        if (seen.add(optionName(getter))) {
          parameters.add(parameter(getter));
        }
      }
    }
    return parameters;
  }

  private static ObjectNode parameter(Method getter) {
    String name = optionName(getter);
    ObjectNode parameter = JSON.createObjectNode();
    parameter.put("name", name);
    parameter.put("label", label(name));
    parameter.put("helpText", helpText(getter));
    parameter.put("isOptional", !getter.isAnnotationPresent(Validation.Required.class));
    parameter.putArray("regexes").add(regex(getter));
    parameter.put("paramType", "TEXT");
    return parameter;
  }

  /** The options class and its super-interfaces that live in this project, nearest first. */
  static List<Class<?>> ownInterfaces(Class<?> options) {
    List<Class<?>> ordered = new ArrayList<>();
    Deque<Class<?>> queue = new ArrayDeque<>(List.of(options));
    while (!queue.isEmpty()) {
      Class<?> next = queue.removeFirst();
      if (next.getName().startsWith(OWN_PACKAGE) && !ordered.contains(next)) {
        ordered.add(next);
        queue.addAll(Arrays.asList(next.getInterfaces()));
      }
    }
    return ordered;
  }

  private static boolean isOptionGetter(Method method) {
    String name = method.getName();
    return !method.isDefault() && !Modifier.isStatic(method.getModifiers())
        && method.getParameterCount() == 0 && !method.isAnnotationPresent(Hidden.class)
        && ((name.startsWith("get") && name.length() > 3)
            || (name.startsWith("is") && name.length() > 2
                && (method.getReturnType() == boolean.class
                    || method.getReturnType() == Boolean.class)));
  }

  /** As Beam names it: {@code getKafkaBootstrapServers} is {@code --kafkaBootstrapServers}. */
  static String optionName(Method getter) {
    String bare = getter.getName().substring(getter.getName().startsWith("is") ? 2 : 3);
    return java.beans.Introspector.decapitalize(bare);
  }

  /** {@code allowedLatenessSec} reads "Allowed lateness (seconds)". */
  static String label(String name) {
    List<String> words = new ArrayList<>(Arrays.asList(
        name.split("(?<=[a-z0-9])(?=[A-Z])")));
    String unit = "";
    String last = words.get(words.size() - 1);
    if (words.size() > 1) {
      switch (last) {
        case "Sec":
          unit = " (seconds)";
          break;
        case "Ms":
          unit = " (milliseconds)";
          break;
        case "Km":
          unit = " (km)";
          break;
        case "Kmh":
          unit = " (km/h)";
          break;
        default:
          break;
      }
      if (!unit.isEmpty()) {
        words.remove(words.size() - 1);
      }
    }
    String text = words.stream().map(w -> w.toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(" "));
    text = Character.toUpperCase(text.charAt(0)) + text.substring(1) + unit;
    for (String[] proper : PROPER_NAMES) {
      text = text.replaceAll("(?i)\\b" + proper[0] + "\\b", proper[1]);
    }
    return text;
  }

  /** Product names a camel-case split would get wrong. */
  private static final String[][] PROPER_NAMES = {
    {"big query", "BigQuery"}, {"pubsub", "Pub/Sub"}, {"kafka", "Kafka"}, {"id", "ID"}};

  private static String helpText(Method getter) {
    Description description = getter.getAnnotation(Description.class);
    if (description == null) {
      throw new IllegalStateException("--" + optionName(getter) + " (" + getter
          + ") has no @Description: a template parameter needs help text");
    }
    StringBuilder text = new StringBuilder(description.value().trim());
    if (!text.toString().endsWith(".")) {
      text.append('.');
    }
    Class<?> type = getter.getReturnType();
    if (type.isEnum()) {
      text.append(" One of: ").append(Arrays.stream(type.getEnumConstants())
          .map(Object::toString).collect(Collectors.joining(", "))).append('.');
    }
    String fallback = defaultValue(getter);
    if (fallback != null) {
      text.append(" Default: ").append(fallback).append('.');
    }
    return text.toString();
  }

  private static String defaultValue(Method getter) {
    if (getter.isAnnotationPresent(Default.String.class)) {
      return getter.getAnnotation(Default.String.class).value();
    } else if (getter.isAnnotationPresent(Default.Enum.class)) {
      return getter.getAnnotation(Default.Enum.class).value();
    } else if (getter.isAnnotationPresent(Default.Long.class)) {
      return Long.toString(getter.getAnnotation(Default.Long.class).value());
    } else if (getter.isAnnotationPresent(Default.Integer.class)) {
      return Integer.toString(getter.getAnnotation(Default.Integer.class).value());
    } else if (getter.isAnnotationPresent(Default.Double.class)) {
      return BigDecimal.valueOf(getter.getAnnotation(Default.Double.class).value())
          .stripTrailingZeros().toPlainString();
    } else if (getter.isAnnotationPresent(Default.Boolean.class)) {
      return Boolean.toString(getter.getAnnotation(Default.Boolean.class).value());
    }
    return null;
  }

  /** Two spaces an indent, each array element on its own line, {@code "key": value}. */
  private static final class Indented extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Indented() {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
      _objectFieldValueSeparatorWithSpaces = ": ";
    }

    Indented(Indented base) {
      super(base);
      _objectFieldValueSeparatorWithSpaces = ": ";
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Indented(this);
    }
  }

  /** What a value must look like, from the option's type. */
  static String regex(Method getter) {
    Class<?> type = getter.getReturnType();
    if (type.isEnum()) {
      return "^(" + Arrays.stream(type.getEnumConstants()).map(Object::toString)
          .collect(Collectors.joining("|")) + ")$";
    } else if (type == boolean.class || type == Boolean.class) {
      return BOOLEAN;
    } else if (type == int.class || type == Integer.class || type == long.class
        || type == Long.class || type == short.class || type == Short.class) {
      return INTEGER;
    } else if (type == double.class || type == Double.class || type == float.class
        || type == Float.class) {
      return DECIMAL;
    } else if (List.class.isAssignableFrom(type)) {
      return LIST;
    } else if (type == String.class) {
      return TEXT;
    }
    Type generic = getter.getGenericReturnType();
    throw new IllegalStateException("--" + optionName(getter) + " has a type a template"
        + " parameter cannot describe yet: "
        + (generic instanceof ParameterizedType ? generic.getTypeName() : type.getName()));
  }
}
