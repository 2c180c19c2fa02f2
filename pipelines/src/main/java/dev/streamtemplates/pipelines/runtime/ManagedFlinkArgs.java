package dev.streamtemplates.pipelines.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The command line of a pipeline run by Amazon Managed Service for Apache Flink, which starts the
 * jar's main class without arguments and hands over the application's runtime properties
 * instead. Two property groups (terraform/aws/modules/flink_app sets them):
 *
 * <ul>
 *   <li>{@code Pipeline}: {@code name} = analytics, fraud, iot or recommendations;
 *   <li>{@code BeamPipelineOptions}: option = value, e.g. {@code source} = {@code kafka}, passed
 *       as {@code --source=kafka}.
 * </ul>
 */
public final class ManagedFlinkArgs {
  public static final String PIPELINE_GROUP = "Pipeline";
  public static final String OPTIONS_GROUP = "BeamPipelineOptions";

  private ManagedFlinkArgs() {}

  /** {@code <name> --option=value ...}, options in name order; null when there is no Pipeline group. */
  public static String[] from(Map<String, Properties> groups) {
    Properties pipeline = groups.get(PIPELINE_GROUP);
    if (pipeline == null) {
      return null;
    }
    String name = pipeline.getProperty("name");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "runtime property group " + PIPELINE_GROUP + " needs name = analytics|fraud|iot|recommendations");
    }
    List<String> args = new ArrayList<>(List.of(name.trim()));
    Properties options = groups.getOrDefault(OPTIONS_GROUP, new Properties());
    for (String option : new TreeSet<>(options.stringPropertyNames())) {
      String key = option.startsWith("--") ? option.substring(2) : option;
      args.add("--" + key + "=" + options.getProperty(option).trim());
    }
    return args.toArray(new String[0]);
  }
}
