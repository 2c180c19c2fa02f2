package dev.streamtemplates.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The chart next to BENCHMARKS.md: median events/s per pipeline and runner, on a log scale. */
final class BenchChart {
  private BenchChart() {}

  /** Wide enough for the six bar groups' labels not to overlap. */
  static final int WIDTH = 1280;

  static void write(JsonNode results, Path png) throws IOException {
    // series (runner) -> category (pipeline or baseline workload) -> median events/s
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    List<String> categories = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = results.path("throughput").fields(); it.hasNext(); ) {
      JsonNode e = it.next().getValue();
      put(series, categories, BenchReport.runnerName(e.path("runner").asText()),
          e.path("pipeline").asText(), BenchReport.median(e, "eventsPerSec"));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = results.path("baseline").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> w = it.next();
      String category = w.getKey() + " (baseline)";
      put(series, categories, "Flink embedded", category,
          BenchReport.median(w.getValue().path("beam"), "eventsPerSec"));
      put(series, categories, "native Flink", category,
          BenchReport.median(w.getValue().path("native"), "eventsPerSec"));
    }
    if (series.isEmpty()) {
      return;
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(480)
            .title("Events per second (median of the trials; log scale)")
            .xAxisTitle("pipeline")
            .yAxisTitle("events/s")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(10.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
    chart.getStyler().setLabelsFontColor(java.awt.Color.BLACK);
    chart.getStyler().setDecimalPattern("#,###");
    chart.getStyler().setOverlapped(false);
    for (Map.Entry<String, Map<String, Double>> s : series.entrySet()) {
      List<Double> values = new ArrayList<>();
      for (String category : categories) {
        // XChart needs a value per category; a missing pair draws as nothing on a log axis
        values.add(s.getValue().getOrDefault(category, Double.NaN));
      }
      chart.addSeries(s.getKey(), categories, values);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void put(
      Map<String, Map<String, Double>> series, List<String> categories, String name, String category,
      double value) {
    if (!categories.contains(category)) {
      categories.add(category);
    }
    series.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(category, value);
  }
}
