package dev.streamtemplates.benchmarks;

import dev.streamtemplates.pipelines.analytics.AnalyticsOptions;
import dev.streamtemplates.pipelines.analytics.AnalyticsPipeline;
import dev.streamtemplates.pipelines.analytics.ComputeAnalytics;
import dev.streamtemplates.pipelines.fraud.ComputeFraud;
import dev.streamtemplates.pipelines.fraud.FraudOptions;
import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import dev.streamtemplates.pipelines.iot.ComputeIot;
import dev.streamtemplates.pipelines.iot.IotOptions;
import dev.streamtemplates.pipelines.iot.IotPipeline;
import dev.streamtemplates.pipelines.recommendations.ComputeRecommendations;
import dev.streamtemplates.pipelines.recommendations.RecommendationsOptions;
import dev.streamtemplates.pipelines.recommendations.RecommendationsPipeline;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** The pipelines the bench runs, each built exactly as its main class builds it. */
final class Workloads {
  private Workloads() {}

  /** A pipeline: its counters' namespace and how to build it from command-line options. */
  record Workload(String name, String namespace, Function<String[], Pipeline> build) {}

  private static final Map<String, Workload> ALL = new TreeMap<>();

  static {
    add(ComputeAnalytics.NAME, AnalyticsOptions.class, AnalyticsPipeline::build);
    add(ComputeFraud.NAME, FraudOptions.class, FraudPipeline::build);
    add(ComputeIot.NAME, IotOptions.class, IotPipeline::build);
    add(ComputeRecommendations.NAME, RecommendationsOptions.class, RecommendationsPipeline::build);
  }

  private static <O extends PipelineOptions> void add(
      String name, Class<O> optionsClass, Function<O, Pipeline> build) {
    ALL.put(
        name,
        new Workload(
            name,
            name,
            args -> {
              PipelineOptionsFactory.register(optionsClass);
              return build.apply(
                  PipelineOptionsFactory.fromArgs(args).withValidation().as(optionsClass));
            }));
  }

  static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  static Workload named(String name) {
    Workload workload = ALL.get(name);
    if (workload == null) {
      throw new IllegalArgumentException(
          "no pipeline named '" + name + "'; choose from " + ALL.keySet());
    }
    return workload;
  }
}
