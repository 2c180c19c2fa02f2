package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.io.sink.SinkOptions;
import dev.streamtemplates.io.source.SourceOptions;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** The recommendations pipeline's options: the shared ones, windows, sizes, weights and the cap. */
public interface RecommendationsOptions extends SourceOptions, SinkOptions, EventTimeOptions {
  @Description("trending: how much each action counts, action:weight for every action.")
  @Default.String(ActionWeights.DEFAULT)
  String getActionWeights();

  void setActionWeights(String value);

  @Description("trending: sliding window size, seconds.")
  @Default.Long(600)
  long getTrendingWindowSec();

  void setTrendingWindowSec(long value);

  @Description("trending: a window starts every this many seconds.")
  @Default.Long(60)
  long getTrendingPeriodSec();

  void setTrendingPeriodSec(long value);

  @Description("trending: how many items each window lists.")
  @Default.Integer(10)
  int getTrendingSize();

  void setTrendingSize(int value);

  @Description("similar-items and recommendations: tumbling window size, seconds.")
  @Default.Long(3_600)
  long getSimilarityWindowSec();

  void setSimilarityWindowSec(long value);

  @Description("similar-items: how many co-occurring items each item lists.")
  @Default.Integer(5)
  int getSimilarItems();

  void setSimilarItems(int value);

  @Description("recommendations: how many items each active user is given at most.")
  @Default.Integer(5)
  int getRecommendationsPerUser();

  void setRecommendationsPerUser(int value);

  @Description(
      "Co-occurrence uses at most this many of a user's distinct items per window: the most"
          + " recently interacted with (ties: itemId ascending). Pairs grow with its square; users"
          + " above it are counted in usersOverItemCap.")
  @Default.Integer(200)
  int getMaxItemsPerUser();

  void setMaxItemsPerUser(int value);

  @Description(
      "Streaming runs: similar-items and recommendations emit an early pane of each open window"
          + " this many seconds (processing time) after new activity, so results stay fresh.")
  @Default.Long(30)
  long getFreshnessSec();

  void setFreshnessSec(long value);

  @Description(
      "similar-items and recommendations: each keyed stage spreads its users or items over this many"
          + " state keys, each with one pair of flush timers per window. Few keys suit the Direct"
          + " runner; on a cluster, use several per parallel worker.")
  @Default.Integer(16)
  int getKeyBuckets();

  void setKeyBuckets(int value);

  /** Fails fast, naming the option, on values that cannot work. */
  static void validate(RecommendationsOptions options) {
    EventTimeOptions.validate(options);
    ActionWeights.parse(options.getActionWeights());
    positive("--trendingWindowSec", options.getTrendingWindowSec());
    positive("--trendingPeriodSec", options.getTrendingPeriodSec());
    if (options.getTrendingPeriodSec() > options.getTrendingWindowSec()) {
      throw new IllegalArgumentException("--trendingPeriodSec (" + options.getTrendingPeriodSec()
          + ") must be <= --trendingWindowSec (" + options.getTrendingWindowSec() + ")");
    }
    positive("--trendingSize", options.getTrendingSize());
    positive("--similarityWindowSec", options.getSimilarityWindowSec());
    positive("--similarItems", options.getSimilarItems());
    positive("--recommendationsPerUser", options.getRecommendationsPerUser());
    if (options.getMaxItemsPerUser() < 2) {
      throw new IllegalArgumentException(
          "--maxItemsPerUser must be >= 2 (a pair needs two items), got " + options.getMaxItemsPerUser());
    }
    positive("--freshnessSec", options.getFreshnessSec());
    positive("--keyBuckets", options.getKeyBuckets());
  }

  private static void positive(String option, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(option + " must be > 0, got " + value);
    }
  }
}
