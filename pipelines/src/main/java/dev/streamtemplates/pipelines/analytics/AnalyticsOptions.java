package dev.streamtemplates.pipelines.analytics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import dev.streamtemplates.io.sink.SinkOptions;
import dev.streamtemplates.io.source.SourceOptions;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** The analytics pipeline's options: the shared ones plus its window sizes. */
public interface AnalyticsOptions extends SourceOptions, SinkOptions, EventTimeOptions {
  @Description("window-stats and top-pages: tumbling window size, seconds.")
  @Default.Long(60)
  long getWindowSizeSec();

  void setWindowSizeSec(long value);

  @Description("sessions: a gap this long (seconds) or longer between a user's events starts a new session.")
  @Default.Long(1800)
  long getSessionGapSec();

  void setSessionGapSec(long value);

  @Description("top-pages: how many pages per window.")
  @Default.Integer(10)
  int getTopPages();

  void setTopPages(int value);

  @Description(
      "Which outputs to compute, comma-separated, from window-stats, top-pages and sessions"
          + " (dead-letter is always written). Default: all three.")
  @Default.String("window-stats,top-pages,sessions")
  String getOutputs();

  void setOutputs(String value);

  /** The outputs {@code --outputs} names, in the contract's order. */
  static Set<String> outputs(AnalyticsOptions options) {
    List<String> known =
        List.of(ComputeAnalytics.WINDOW_STATS, ComputeAnalytics.TOP_PAGES, ComputeAnalytics.SESSIONS);
    Set<String> named = new TreeSet<>();
    for (String name : options.getOutputs().split(",")) {
      String output = name.trim();
      if (!known.contains(output)) {
        throw new IllegalArgumentException(
            "--outputs names an unknown output '" + output + "'; choose from " + known);
      }
      named.add(output);
    }
    Set<String> ordered = new LinkedHashSet<>(known);
    ordered.retainAll(named);
    return ordered;
  }

  static void validate(AnalyticsOptions options) {
    EventTimeOptions.validate(options);
    outputs(options);
    if (options.getWindowSizeSec() <= 0) {
      throw new IllegalArgumentException(
          "--windowSizeSec must be > 0, got " + options.getWindowSizeSec());
    }
    if (options.getSessionGapSec() <= 0) {
      throw new IllegalArgumentException(
          "--sessionGapSec must be > 0, got " + options.getSessionGapSec());
    }
    if (options.getTopPages() <= 0) {
      throw new IllegalArgumentException("--topPages must be > 0, got " + options.getTopPages());
    }
  }
}
