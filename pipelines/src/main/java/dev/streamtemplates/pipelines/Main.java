package dev.streamtemplates.pipelines;

import dev.streamtemplates.pipelines.analytics.AnalyticsPipeline;
import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import dev.streamtemplates.pipelines.iot.IotPipeline;
import dev.streamtemplates.pipelines.recommendations.RecommendationsPipeline;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bundled jar's entry point: {@code java -jar pipelines-bundled.jar <pipeline> [options]}.
 */
public final class Main {
  private static final Map<String, Consumer<String[]>> PIPELINES =
      new java.util.TreeMap<>(
          Map.of(
              "analytics", AnalyticsPipeline::main,
              "fraud", FraudPipeline::main,
              "iot", IotPipeline::main,
              "recommendations", RecommendationsPipeline::main));

  private Main() {}

  /** On Managed Service for Apache Flink: the runtime properties; elsewhere, none. */
  private static String[] managedFlinkArgs() {
    try {
      String[] args = dev.streamtemplates.pipelines.runtime.ManagedFlinkArgs.from(
          com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime.getApplicationProperties());
      return args == null ? new String[0] : args;
    } catch (java.io.IOException | RuntimeException | LinkageError notOnManagedFlink) {
      return new String[0];
    }
  }

  private static final Map<String, java.util.function.Supplier<dev.streamtemplates.io.synthetic.EventGenerator>>
      GENERATORS =
          Map.of(
              "analytics", AnalyticsPipeline::generator,
              "fraud", FraudPipeline::generator,
              "iot", IotPipeline::generator,
              "recommendations", RecommendationsPipeline::generator);

  public static void main(String[] args) {
    if (args.length == 0) {
      args = managedFlinkArgs();
    }
    if (args.length >= 2 && args[0].equals("produce") && GENERATORS.containsKey(args[1])) {
      dev.streamtemplates.pipelines.runtime.Produce.run(
          args[1], GENERATORS.get(args[1]), Arrays.copyOfRange(args, 2, args.length));
      return;
    }
    if (args.length == 0 || !PIPELINES.containsKey(args[0])) {
      System.err.println(
          "usage: java -jar pipelines-bundled.jar <pipeline> [--option=value ...]\n"
              + "  pipelines: " + String.join(", ", PIPELINES.keySet()) + "\n"
              + "  e.g. java -jar pipelines-bundled.jar analytics --maxEvents=2000\n"
              + "  or:   java -jar pipelines-bundled.jar produce <pipeline> --kafkaBootstrapServers=..."
              + " --topic=... --eventsPerSecond=... [--maxEvents=...]  (synthetic traffic to Kafka)");
      System.exit(2);
    }
    PIPELINES.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
  }
}
