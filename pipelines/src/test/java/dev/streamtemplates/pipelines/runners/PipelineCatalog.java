package dev.streamtemplates.pipelines.runners;

import dev.streamtemplates.io.synthetic.EventGenerator;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The reference pipelines as the runner tests see them: a name, the main class, the options
 * interface, how to build one from flags, its synthetic generator, the composite that computes
 * and the named outputs.
 * {@code FlexTemplatesTest} checks that this list and {@code Main}'s agree.
 */
final class PipelineCatalog {
  private PipelineCatalog() {}

  static final class Entry {
    final String name;
    final Class<?> mainClass;
    final Class<? extends PipelineOptions> options;
    final String composite;
    final List<String> outputs;
    /** What its synthetic source generates. */
    final Supplier<EventGenerator> generator;
    private final Function<String[], Pipeline> build;

    private <O extends PipelineOptions> Entry(String name, Class<?> mainClass, Class<O> options,
        Function<O, Pipeline> build, Supplier<EventGenerator> generator, String composite,
        String... outputs) {
      this.name = name;
      this.mainClass = mainClass;
      this.options = options;
      this.generator = generator;
      this.composite = composite;
      this.outputs = List.of(outputs);
      this.build = args -> build.apply(
          PipelineOptionsFactory.fromArgs(args).withValidation().as(options));
    }

    /** Parses and validates the flags as the pipeline's options and builds it, not yet run. */
    Pipeline build(List<String> args) {
      return build.apply(args.toArray(new String[0]));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Entry> ALL = List.of(
      new Entry(ComputeAnalytics.NAME, AnalyticsPipeline.class, AnalyticsOptions.class,
          AnalyticsPipeline::build, AnalyticsPipeline::generator, "Analytics", ComputeAnalytics.WINDOW_STATS,
          ComputeAnalytics.TOP_PAGES, ComputeAnalytics.SESSIONS, ComputeAnalytics.DEAD_LETTER),
      new Entry(ComputeFraud.NAME, FraudPipeline.class, FraudOptions.class,
          FraudPipeline::build, FraudPipeline::generator, "Fraud", ComputeFraud.ALERTS, ComputeFraud.DEAD_LETTER),
      new Entry(ComputeIot.NAME, IotPipeline.class, IotOptions.class, IotPipeline::build,
          IotPipeline::generator, "Iot",
          ComputeIot.SENSOR_STATS, ComputeIot.ANOMALIES, ComputeIot.DEVICE_SILENCE,
          ComputeIot.DEAD_LETTER),
      new Entry(ComputeRecommendations.NAME, RecommendationsPipeline.class,
          RecommendationsOptions.class, RecommendationsPipeline::build,
          RecommendationsPipeline::generator, "Recommendations",
          ComputeRecommendations.TRENDING, ComputeRecommendations.SIMILAR_ITEMS,
          ComputeRecommendations.RECOMMENDATIONS, ComputeRecommendations.DEAD_LETTER));

  /** For JUnit's {@code Parameterized}: one row per pipeline. */
  static List<Object[]> parameters() {
    List<Object[]> rows = new ArrayList<>();
    ALL.forEach(entry -> rows.add(new Object[] {entry}));
    return rows;
  }
}
