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
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * The recommendations contract: raw JSON lines in; {@code trending}, {@code similar-items},
 * {@code recommendations} and {@code dead-letter} out, each as {@code (key, json line)}.
 *
 * <pre>
 * parse ─┬─ (item, weight) ─ sliding windows ─ BucketTopFn ─ ChangeSums, one key ─ top K ─ trending
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
 * a bounded run, is exact. The keyed stages hold their users and items in {@link KeyBuckets}, so
 * the number of keys with state and timers stays fixed however many users and items there are.
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
  private final KeyBuckets buckets;
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
    this.buckets = KeyBuckets.of(options.getKeyBuckets());
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

    boolean streaming = lines.isBounded() == PCollection.IsBounded.UNBOUNDED;
    // One step routes each interaction to both branches: on the Direct runner every step costs
    // per bundle, and interactions come in bundles of one or a few.
    TupleTag<KV<String, KV<String, Long>>> weightsTag = new TupleTag<>() {};
    TupleTag<KV<String, Interaction>> usersTag = new TupleTag<>() {};
    PCollectionTuple routed =
        interactions.apply(
            "WeightAndUserBuckets",
            ParDo.of(new RouteFn(weights, buckets, weightsTag, usersTag))
                .withOutputTags(weightsTag, TupleTagList.of(usersTag)));
    PCollection<KV<String, KV<String, Long>>> itemWeights =
        routed.get(weightsTag)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
    PCollection<KV<String, Interaction>> byUser =
        routed.get(usersTag).setCoder(KvCoder.of(StringUtf8Coder.of(), Interaction.Coder.of()));

    // Each bucket passes on changes of its top items a quarter of the early delay after new
    // input; one key per window adds them up and writes the panes the rest of the delay later.
    long earlyMillis = trendingPolicy.earlyFiring().getMillis();
    long bucketMillis = Math.max(1, earlyMillis / 4);
    PCollection<KV<String, String>> trending =
        itemWeights
            .apply(
                "TrendingWindows",
                trendingPolicy.windowing(itemWeights, SlidingWindows.of(trendingWindow).every(trendingPeriod)))
            .apply(
                "TopOfBuckets",
                ParDo.of(new BucketTopFn(TRENDING, trendingSize, new FlushSchedule(streaming, Duration.millis(bucketMillis)))))
            .setCoder(inBuckets())
            .apply(
                "SumTopChanges",
                ParDo.of(new ChangeSums(
                    new FlushSchedule(streaming, Duration.millis(Math.max(1, earlyMillis - bucketMillis))))))
            .setCoder(panes())
            .apply("FormatTrending", ParDo.of(new FormatTrendingFn(trendingSize)));

    // Internal stages pass changes on four times per freshness period, so a change reaches the
    // outputs' early panes within about 1.5 periods.
    FlushSchedule internal =
        new FlushSchedule(streaming, Duration.millis(Math.max(1, similarityPolicy.earlyFiring().getMillis() / 4)));
    FlushSchedule outputs = new FlushSchedule(streaming, similarityPolicy.earlyFiring());
    PCollection<KV<String, ItemUpdate>> userChanges =
        byUser
            .apply("SimilarityWindows", similarityPolicy.windowing(byUser, FixedWindows.of(similarityWindow)))
            .apply("UserItems", ParDo.of(new UserItemsFn(NAME, maxItemsPerUser, internal)))
            .setCoder(updates());

    PCollection<KV<String, String>> similar =
        userChanges
            .apply("Neighbours", Filter.by(u -> u.getValue().kind() == ItemUpdate.Kind.NEIGHBOURS))
            .apply("NeighbourBuckets", ParDo.of(buckets.<ItemUpdate>assign()))
            .setCoder(inBuckets())
            .apply("SumNeighbours", ParDo.of(new ChangeSums(outputs)))
            .setCoder(panes())
            .apply("FormatSimilarItems", ParDo.of(FormatRankedFn.forSimilarItems(similarItems)));

    PCollection<KV<String, ItemUpdate>> scoreChanges =
        userChanges
            .apply(
                "NeighboursAndUsers",
                Filter.by(u -> u.getValue().kind() == ItemUpdate.Kind.NEIGHBOURS
                    || u.getValue().kind() == ItemUpdate.Kind.USERS))
            .apply("RowBuckets", ParDo.of(buckets.<ItemUpdate>assign()))
            .setCoder(inBuckets())
            .apply("JoinUsersToRows", ParDo.of(new CooccurrenceJoinFn(internal)))
            .setCoder(updates());
    PCollection<KV<String, ItemUpdate>> interacted =
        userChanges.apply("Interacted", Filter.by(u -> u.getValue().kind() == ItemUpdate.Kind.INTERACTED));
    PCollection<KV<String, String>> recommendations =
        PCollectionList.of(scoreChanges)
            .and(interacted)
            .apply("ScoresAndInteracted", Flatten.pCollections())
            .apply("ScoreBuckets", ParDo.of(buckets.<ItemUpdate>assign()))
            .setCoder(inBuckets())
            .apply("SumScores", ParDo.of(new ChangeSums(outputs)))
            .setCoder(panes())
            .apply("FormatRecommendations", ParDo.of(FormatRankedFn.forRecommendations(perUser)));

    return NamedOutputs.of(NAME, lines.getPipeline())
        .and(TRENDING, trending)
        .and(SIMILAR_ITEMS, similar)
        .and(RECOMMENDATIONS, recommendations)
        .and(DEAD_LETTER, parsed.deadLetterLines());
  }

  private static KvCoder<String, ItemUpdate> updates() {
    return KvCoder.of(StringUtf8Coder.of(), ItemUpdate.Coder.of());
  }

  private static KvCoder<String, KV<String, ItemUpdate>> inBuckets() {
    return KvCoder.of(StringUtf8Coder.of(), updates());
  }

  private static KvCoder<String, ChangeSums.Pane> panes() {
    return KvCoder.of(StringUtf8Coder.of(), ChangeSums.Pane.Coder.INSTANCE);
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

  /**
   * Each interaction to both branches: {@code (bucket of the item, (item, weight))} when its
   * action's weight counts for trending, and {@code (bucket of the user, interaction)}.
   */
  static final class RouteFn extends DoFn<Interaction, KV<String, KV<String, Long>>> {
    private final ActionWeights weights;
    private final KeyBuckets buckets;
    private final TupleTag<KV<String, KV<String, Long>>> weightsTag;
    private final TupleTag<KV<String, Interaction>> usersTag;

    RouteFn(ActionWeights weights, KeyBuckets buckets, TupleTag<KV<String, KV<String, Long>>> weightsTag,
        TupleTag<KV<String, Interaction>> usersTag) {
      this.weights = weights;
      this.buckets = buckets;
      this.weightsTag = weightsTag;
      this.usersTag = usersTag;
    }

    @ProcessElement
    public void process(@Element Interaction i, MultiOutputReceiver out) {
      long weight = weights.of(i.action());
      if (weight > 0) { // weight 0: not trending
        out.get(weightsTag).output(KV.of(buckets.of(i.itemId()), KV.of(i.itemId(), weight)));
      }
      out.get(usersTag).output(KV.of(buckets.of(i.userId()), i));
    }
  }

  static final class FormatTrendingFn extends DoFn<KV<String, ChangeSums.Pane>, KV<String, String>> {
    private final int k;

    FormatTrendingFn(int k) {
      this.k = k;
    }

    @ProcessElement
    public void process(
        @Element KV<String, ChangeSums.Pane> sums, BoundedWindow window, OutputReceiver<KV<String, String>> out) {
      List<KV<String, Long>> top = TopKBySum.top(sums.getValue().sums.counts, k);
      if (top.isEmpty()) {
        return; // nothing to rank
      }
      JsonLine json = ranked(window(JsonLine.object(), window), "items", "score", top);
      String key = EventTimes.format(((IntervalWindow) window).start());
      out.output(KV.of(key, PaneLabel.write(json, sums.getValue().pane).end()));
    }
  }

  /**
   * One record per key and pane: {@code {keyField, windowStart, windowEnd, listField: [{itemId,
   * countField}]}}, the top {@code k} candidates. similar-items and recommendations differ only in
   * names and in which keys have something to say (see {@link #forSimilarItems} and {@link
   * #forRecommendations}).
   */
  static final class FormatRankedFn extends DoFn<KV<String, ChangeSums.Pane>, KV<String, String>> {
    private final String keyField;
    private final String listField;
    private final String countField;
    private final int k;
    private final boolean perActiveUser;

    private FormatRankedFn(String keyField, String listField, String countField, int k, boolean perActiveUser) {
      this.keyField = keyField;
      this.listField = listField;
      this.countField = countField;
      this.k = k;
      this.perActiveUser = perActiveUser;
    }

    /** An item with neighbours; an empty list only replaces an earlier pane's stale one. */
    static FormatRankedFn forSimilarItems(int k) {
      return new FormatRankedFn("itemId", "similar", "users", k, false);
    }

    /** Every user active in the window, even with nothing to recommend. */
    static FormatRankedFn forRecommendations(int k) {
      return new FormatRankedFn("userId", "items", "score", k, true);
    }

    @ProcessElement
    public void process(
        @Element KV<String, ChangeSums.Pane> sums, BoundedWindow window, OutputReceiver<KV<String, String>> out) {
      ChangeSums.Sums s = sums.getValue().sums;
      PaneInfo pane = sums.getValue().pane;
      List<KV<String, Long>> top = TopKBySum.top(s.candidates(), k);
      boolean speaks =
          perActiveUser
              ? !s.interacted.isEmpty() // else: a pane without the user's activity
              // No neighbours: nothing to list, unless an earlier pane listed some (the item lost
              // them when a user's capped set moved on) and this record must replace it.
              : !top.isEmpty() || PaneLabel.index(pane) > 0;
      if (speaks) {
        JsonLine json = window(JsonLine.object().put(keyField, sums.getKey()), window);
        out.output(KV.of(sums.getKey(), PaneLabel.write(ranked(json, listField, countField, top), pane).end()));
      }
    }
  }
}
