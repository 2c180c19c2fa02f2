package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.io.sink.NamedOutputs;
import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.parse.ParseJson;
import dev.streamtemplates.transforms.parse.ParsedRecords;
import dev.streamtemplates.transforms.time.EventTimes;
import dev.streamtemplates.transforms.topk.TopKBySum;
import dev.streamtemplates.transforms.window.PaneLabel;
import dev.streamtemplates.transforms.window.WindowPolicy;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The recommendations contract: raw JSON lines in; {@code trending}, {@code similar-items},
 * {@code recommendations} and {@code dead-letter} out, each as {@code (key, json line)}.
 *
 * <pre>
 * parse ─┬─ (item, weight) ─ sliding windows ─ TopKBySum ───────────────────────── trending
 *        └─ (user, interaction) ─ tumbling windows ─ UserItemsFn
 *              ├─ NEIGHBOURS changes ─ ChangeSums per item ─ top similar ────────── similar-items
 *              ├─ NEIGHBOURS + USERS ─ CooccurrenceJoinFn ─ SCORES changes ─┐
 *              └─ INTERACTED ───────────────────────────────────────────────┴ ChangeSums per user
 *                                                                          ─ top candidates ─ recommendations
 * </pre>
 *
 * Only changes travel between the co-occurrence stages ({@link ItemUpdate}), and every stage adds
 * them up, so nothing is counted twice however often panes fire: an early pane sums the changes
 * that have reached it (it may lag a stage behind), and the on-time pane, like the single pane of
 * a bounded run, is exact.
 */
public final class ComputeRecommendations extends PTransform<PCollection<String>, NamedOutputs> {
  public static final String NAME = "recommendations";
  public static final String TRENDING = "trending";
  public static final String SIMILAR_ITEMS = "similar-items";
  public static final String RECOMMENDATIONS = "recommendations";
  public static final String DEAD_LETTER = "dead-letter";

  private final ActionWeights weights;
  private final Duration trendingWindow;
  private final Duration trendingPeriod;
  private final int trendingSize;
  private final Duration similarityWindow;
  private final int similarItems;
  private final int perUser;
  private final int maxItemsPerUser;
  private final WindowPolicy trendingPolicy;
  private final WindowPolicy similarityPolicy;

  private ComputeRecommendations(RecommendationsOptions options) {
    this.weights = ActionWeights.parse(options.getActionWeights());
    this.trendingWindow = Duration.standardSeconds(options.getTrendingWindowSec());
    this.trendingPeriod = Duration.standardSeconds(options.getTrendingPeriodSec());
    this.trendingSize = options.getTrendingSize();
    this.similarityWindow = Duration.standardSeconds(options.getSimilarityWindowSec());
    this.similarItems = options.getSimilarItems();
    this.perUser = options.getRecommendationsPerUser();
    this.maxItemsPerUser = options.getMaxItemsPerUser();
    this.trendingPolicy = WindowPolicy.from(options);
    this.similarityPolicy =
        WindowPolicy.of(
            trendingPolicy.allowedLateness(), Duration.standardSeconds(options.getFreshnessSec()));
  }

  public static ComputeRecommendations from(RecommendationsOptions options) {
    RecommendationsOptions.validate(options);
    return new ComputeRecommendations(options);
  }

  @Override
  public NamedOutputs expand(PCollection<String> lines) {
    ParsedRecords<Interaction> parsed =
        lines.apply(
            "ParseInteractions",
            ParseJson.of(NAME, Interaction::parse, Interaction.Coder.of())
                .withAllowedLateness(trendingPolicy.allowedLateness()));
    PCollection<Interaction> interactions = parsed.records();

    ActionWeights weights = this.weights;
    PCollection<KV<String, Long>> itemWeights =
        interactions
            .apply(
                "WeightOfItem",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                    .via(i -> KV.of(i.itemId(), weights.of(i.action()))))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("CountedActions", Filter.by(kv -> kv.getValue() > 0)); // weight 0: not trending
    PCollection<KV<String, String>> trending =
        itemWeights
            .apply(
                "TrendingWindows",
                trendingPolicy.windowing(itemWeights, SlidingWindows.of(trendingWindow).every(trendingPeriod)))
            .apply("TopItems", TopKBySum.of(trendingSize))
            .apply("FormatTrending", ParDo.of(new FormatTrendingFn()));

    PCollection<KV<String, Interaction>> byUser =
        interactions
            .apply(
                "KeyByUser",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Interaction.class)))
                    .via(i -> KV.of(i.userId(), i)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Interaction.Coder.of()));
    boolean streaming = lines.isBounded() == PCollection.IsBounded.UNBOUNDED;
    // Internal stages pass changes on four times per freshness period, so a change reaches the
    // outputs' early panes within about 1.5 periods.
    FlushSchedule schedule =
        new FlushSchedule(streaming, Duration.millis(Math.max(1, similarityPolicy.earlyFiring().getMillis() / 4)));
    PCollection<KV<String, ItemUpdate>> userChanges =
        byUser
            .apply("SimilarityWindows", similarityPolicy.windowing(byUser, FixedWindows.of(similarityWindow)))
            .apply("UserItems", ParDo.of(new UserItemsFn(NAME, maxItemsPerUser, schedule)))
            .setCoder(updates());

    PCollection<KV<String, String>> similar =
        userChanges
            .apply("Neighbours", Filter.by(u -> u.getValue().kind() == ItemUpdate.Kind.NEIGHBOURS))
            .apply("SumNeighbours", Combine.perKey(new ChangeSums()))
            .apply("FormatSimilarItems", ParDo.of(new FormatSimilarFn(similarItems)));

    PCollection<KV<String, ItemUpdate>> scoreChanges =
        userChanges
            .apply(
                "NeighboursAndUsers",
                Filter.by(u -> u.getValue().kind() == ItemUpdate.Kind.NEIGHBOURS
                    || u.getValue().kind() == ItemUpdate.Kind.USERS))
            .apply("JoinUsersToRows", ParDo.of(new CooccurrenceJoinFn(schedule)))
            .setCoder(updates());
    PCollection<KV<String, ItemUpdate>> interacted =
        userChanges.apply("Interacted", Filter.by(u -> u.getValue().kind() == ItemUpdate.Kind.INTERACTED));
    PCollection<KV<String, String>> recommendations =
        PCollectionList.of(scoreChanges)
            .and(interacted)
            .apply("ScoresAndInteracted", Flatten.pCollections())
            .apply("SumScores", Combine.perKey(new ChangeSums()))
            .apply("FormatRecommendations", ParDo.of(new FormatRecommendationsFn(perUser)));

    return NamedOutputs.in(lines.getPipeline())
        .and(TRENDING, trending)
        .and(SIMILAR_ITEMS, similar)
        .and(RECOMMENDATIONS, recommendations)
        .and(DEAD_LETTER, parsed.deadLetterLines());
  }

  private static KvCoder<String, ItemUpdate> updates() {
    return KvCoder.of(StringUtf8Coder.of(), ItemUpdate.Coder.of());
  }

  private static JsonLine ranked(JsonLine json, String field, String countField, List<KV<String, Long>> top) {
    json.startArray(field);
    for (KV<String, Long> entry : top) {
      json.startElement().put("itemId", entry.getKey()).put(countField, entry.getValue()).endElement();
    }
    return json.endArray();
  }

  private static JsonLine window(JsonLine json, BoundedWindow window) {
    return json.putTime("windowStart", ((IntervalWindow) window).start().getMillis())
        .putTime("windowEnd", WindowPolicy.windowEndMillis(window));
  }

  static final class FormatTrendingFn extends DoFn<List<KV<String, Long>>, KV<String, String>> {
    @ProcessElement
    public void process(
        @Element List<KV<String, Long>> top,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      if (top.isEmpty()) {
        return; // a pane without data (Flink streaming can fire one): nothing to rank
      }
      JsonLine json = ranked(window(JsonLine.object(), window), "items", "score", top);
      String key = EventTimes.format(((IntervalWindow) window).start());
      out.output(KV.of(key, PaneLabel.write(json, pane).end()));
    }
  }

  static final class FormatSimilarFn extends DoFn<KV<String, ChangeSums.Sums>, KV<String, String>> {
    private final int k;

    FormatSimilarFn(int k) {
      this.k = k;
    }

    @ProcessElement
    public void process(
        @Element KV<String, ChangeSums.Sums> row,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      List<KV<String, Long>> top = TopKBySum.top(row.getValue().candidates(), k);
      if (top.isEmpty() && PaneLabel.index(pane) == 0) {
        return; // no co-occurring item: nothing to list
      }
      // An empty list after earlier panes: the item lost its neighbours (a user's capped set
      // moved on), and the record replaces the stale one.
      JsonLine json = window(JsonLine.object().put("itemId", row.getKey()), window);
      out.output(KV.of(row.getKey(), PaneLabel.write(ranked(json, "similar", "users", top), pane).end()));
    }
  }

  static final class FormatRecommendationsFn extends DoFn<KV<String, ChangeSums.Sums>, KV<String, String>> {
    private final int k;

    FormatRecommendationsFn(int k) {
      this.k = k;
    }

    @ProcessElement
    public void process(
        @Element KV<String, ChangeSums.Sums> user,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      if (user.getValue().interacted.isEmpty()) {
        return; // an empty pane: the user has no activity in this window
      }
      List<KV<String, Long>> top = TopKBySum.top(user.getValue().candidates(), k);
      JsonLine json = window(JsonLine.object().put("userId", user.getKey()), window);
      out.output(KV.of(user.getKey(), PaneLabel.write(ranked(json, "items", "score", top), pane).end()));
    }
  }
}
