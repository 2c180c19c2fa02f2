package dev.streamtemplates.pipelines.recommendations;

import static dev.streamtemplates.pipelines.recommendations.RecommendationsFixture.interaction;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.io.sink.NamedOutputs;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.testing.Timeline;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/**
 * The three outputs on timelines: sliding-window edges and the top-K cut, early panes that follow
 * activity while the hour is open and agree exactly with the on-time pane, and late activity.
 */
public class RecommendationsStreamingTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private NamedOutputs recommendations(Timeline timeline, String... args) {
    return p.apply(timeline.end())
        .apply(ComputeRecommendations.from(
            PipelineOptionsFactory.fromArgs(args).as(RecommendationsOptions.class)));
  }

  private static PCollection<KV<String, String>> keyed(NamedOutputs out, String output, String key) {
    return out.get(output).apply(output + "Of" + key, Filter.by(kv -> kv.getKey().equals(key)));
  }

  @Test
  public void trendingWindowsAreHalfOpenAndTiesAtTheCutGoByItemId() {
    NamedOutputs out = recommendations(
        Timeline.start("10:00:00")
            .add(interaction("u1", "Z", "purchase", "10:01:00.000")) // first, though latest
            .add(interaction("u2", "Y", "view", "10:00:30.000"),
                interaction("u3", "Z", "view", "10:00:59.999"),
                interaction("u4", "X", "view", "10:00:30.000"))
            .watermark("10:20:00"),
        "--trendingSize=2");
    PAssert.that(out.get(ComputeRecommendations.TRENDING).apply(JsonFields.of("windowStart", "items", "timing")))
        .containsInAnyOrder(
            // [09:51, 10:01) holds the three views but not the purchase at 10:01:00.000: a
            // three-way tie at 1, cut by itemId.
            trending("09:51", "[{\"itemId\":\"X\",\"score\":1},{\"itemId\":\"Y\",\"score\":1}]"),
            trending("09:52", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("09:53", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("09:54", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("09:55", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("09:56", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("09:57", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("09:58", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("09:59", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("10:00", "[{\"itemId\":\"Z\",\"score\":6},{\"itemId\":\"X\",\"score\":1}]"),
            trending("10:01", "[{\"itemId\":\"Z\",\"score\":5}]"));
    p.run();
  }

  private static String trending(String start, String items) {
    return "windowStart=" + Timeline.iso(start + ":00") + " items=" + items + " timing=ON_TIME";
  }

  @Test
  public void earlyPanesFollowActivityWithinTheHourAndTheOnTimePaneIsExact() {
    NamedOutputs out = recommendations(
        Timeline.start("10:00:00")
            .add(interaction("u1", "A", "view", "10:00:01.000"),
                interaction("u1", "B", "view", "10:00:02.000"),
                interaction("u2", "A", "view", "10:00:03.000"))
            // Internal stages pass changes on every 7.5 s, the outputs fire 30 s after new input.
            .waitSeconds(10).waitSeconds(10).waitSeconds(10).waitSeconds(10).waitSeconds(10)
            .add(interaction("u2", "C", "cart", "10:05:00.000"),
                interaction("u3", "B", "view", "10:06:00.000"),
                interaction("u3", "C", "view", "10:07:00.000"))
            .watermark("11:00:00"));
    // u1 {A,B}, u2 {A} at first: u2 is offered B; then u2 {A,C}, u3 {B,C}.
    PAssert.that(keyed(out, ComputeRecommendations.RECOMMENDATIONS, "u2")
            .apply("u2", JsonFields.of("items", "timing")))
        .containsInAnyOrder(
            "items=[{\"itemId\":\"B\",\"score\":1}] timing=EARLY",
            "items=[{\"itemId\":\"B\",\"score\":2}] timing=ON_TIME"); // A-B 1 + C-B 1
    PAssert.that(keyed(out, ComputeRecommendations.SIMILAR_ITEMS, "A")
            .apply("A", JsonFields.of("similar", "timing")))
        .containsInAnyOrder(
            "similar=[{\"itemId\":\"B\",\"users\":1}] timing=EARLY",
            "similar=[{\"itemId\":\"B\",\"users\":1},{\"itemId\":\"C\",\"users\":1}] timing=ON_TIME");
    PAssert.that(keyed(out, ComputeRecommendations.RECOMMENDATIONS, "u3")
            .apply("u3", JsonFields.of("items", "timing")))
        .containsInAnyOrder("items=[{\"itemId\":\"A\",\"score\":2}] timing=ON_TIME"); // B-A 1 + C-A 1
    p.run();
  }

  @Test
  public void lateActivityWithinTheAllowedLatenessUpdatesBothOutputs() {
    NamedOutputs out = recommendations(
        Timeline.start("10:00:00")
            .add(interaction("u1", "A", "view", "10:59:00.000"),
                interaction("u1", "B", "view", "10:59:10.000"),
                interaction("u2", "A", "view", "10:59:20.000"))
            .watermark("11:01:00")
            .add(interaction("u2", "C", "view", "10:59:30.000")) // 90 s behind: late, within 300 s
            .watermark("11:02:00"));
    PAssert.that(keyed(out, ComputeRecommendations.RECOMMENDATIONS, "u1")
            .apply("u1", JsonFields.of("items")))
        .satisfies(panes -> {
          List<String> all = new ArrayList<>();
          panes.forEach(all::add);
          // Whatever the panes, the newest one must include the late pair A-C.
          assertThat(all, hasItem("items=[{\"itemId\":\"C\",\"score\":1}]"));
          return null;
        });
    PAssert.that(keyed(out, ComputeRecommendations.SIMILAR_ITEMS, "C")
            .apply("C", JsonFields.of("similar")))
        .satisfies(panes -> {
          List<String> all = new ArrayList<>();
          panes.forEach(all::add);
          assertThat(all, is(List.of("similar=[{\"itemId\":\"A\",\"users\":1}]")));
          return null;
        });
    p.run();
  }

  /**
   * With every user and item in one state bucket (--keyBuckets=1), each still gets its own panes:
   * an early pane only when its own record changed, numbered from 0 for each key, and an on-time
   * pane for every key. (Late panes: {@link ChangeSumsTest}.)
   */
  @Test
  public void usersSharingABucketKeepTheirOwnPanes() {
    NamedOutputs out = recommendations(
        Timeline.start("10:00:00")
            .add(interaction("u1", "A", "view", "10:00:01.000"),
                interaction("u1", "B", "view", "10:00:02.000"),
                interaction("u2", "A", "view", "10:00:03.000"))
            .waitSeconds(10).waitSeconds(10).waitSeconds(10).waitSeconds(10).waitSeconds(10)
            .add(interaction("u3", "A", "view", "10:05:00.000")) // changes u3's record only
            .waitSeconds(10).waitSeconds(10).waitSeconds(10).waitSeconds(10).waitSeconds(10)
            .watermark("11:01:00"),
        "--keyBuckets=1");
    PAssert.that(out.get(ComputeRecommendations.RECOMMENDATIONS)
            .apply("Panes", JsonFields.of("userId", "items", "timing", "paneIndex")))
        .containsInAnyOrder(
            "userId=u1 items=[] timing=EARLY paneIndex=0", // A and B are both u1's own
            "userId=u1 items=[] timing=ON_TIME paneIndex=1",
            "userId=u2 items=[{\"itemId\":\"B\",\"score\":1}] timing=EARLY paneIndex=0",
            "userId=u2 items=[{\"itemId\":\"B\",\"score\":1}] timing=ON_TIME paneIndex=1",
            "userId=u3 items=[{\"itemId\":\"B\",\"score\":1}] timing=EARLY paneIndex=0",
            "userId=u3 items=[{\"itemId\":\"B\",\"score\":1}] timing=ON_TIME paneIndex=1");
    PAssert.that(out.get(ComputeRecommendations.SIMILAR_ITEMS)
            .apply("SimilarPanes", JsonFields.of("itemId", "similar", "timing", "paneIndex")))
        .containsInAnyOrder(
            "itemId=A similar=[{\"itemId\":\"B\",\"users\":1}] timing=EARLY paneIndex=0",
            "itemId=A similar=[{\"itemId\":\"B\",\"users\":1}] timing=ON_TIME paneIndex=1",
            "itemId=B similar=[{\"itemId\":\"A\",\"users\":1}] timing=EARLY paneIndex=0",
            "itemId=B similar=[{\"itemId\":\"A\",\"users\":1}] timing=ON_TIME paneIndex=1");
    p.run();
  }
}
