package dev.streamtemplates.pipelines.recommendations;

import static dev.streamtemplates.pipelines.recommendations.RecommendationsFixture.interaction;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.io.sink.NamedOutputs;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.junit.Rule;
import org.junit.Test;

/**
 * One user touching 3,000 distinct items in an hour: only the 200 most recent form pairs (39,800
 * instead of about 9 million), the user is counted once in {@code usersOverItemCap}, and none of
 * the 3,000 is recommended back to them.
 */
public class RecommendationsCapTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static String item(int i) {
    return String.format("x-%04d", i);
  }

  @Test
  public void aHeavyUserPairsOnlyTheirMostRecentItemsAndIsCountedOnce() {
    List<String> lines = new ArrayList<>();
    for (int i = 2_999; i >= 0; i--) { // newest first: arrival order must not matter
      lines.add(interaction("heavy", item(i), "view",
          String.format("10:%02d:%02d.000", i / 60, i % 60)));
    }
    // x-0000 is too old to be among the heavy user's pairs; x-2999 is the newest.
    lines.add(interaction("v", item(0), "view", "10:30:00.000"));
    lines.add(interaction("v", item(2_999), "view", "10:30:01.000"));

    NamedOutputs out = p.apply(Create.of(lines))
        .apply(ComputeRecommendations.from(PipelineOptionsFactory.create().as(RecommendationsOptions.class)));

    PAssert.that(out.get(ComputeRecommendations.SIMILAR_ITEMS)
            .apply("SimilarOfEnds", Filter.by(kv -> kv.getKey().equals(item(0)) || kv.getKey().equals(item(2_999))))
            .apply("Similar", JsonFields.of("itemId", "similar")))
        .containsInAnyOrder(
            "itemId=x-0000 similar=[{\"itemId\":\"x-2999\",\"users\":1}]",
            "itemId=x-2999 similar=[{\"itemId\":\"x-0000\",\"users\":1},{\"itemId\":\"x-2800\",\"users\":1},"
                + "{\"itemId\":\"x-2801\",\"users\":1},{\"itemId\":\"x-2802\",\"users\":1},"
                + "{\"itemId\":\"x-2803\",\"users\":1}]");
    // x-2800..x-2999 (the capped 200) and x-0000 (through v) have neighbours; x-0001..x-2799 none.
    PAssert.that(out.get(ComputeRecommendations.SIMILAR_ITEMS).apply("Items", JsonFields.of("itemId")))
        .satisfies(items -> {
          List<String> all = new ArrayList<>();
          items.forEach(all::add);
          assertThat(all.size(), is(201));
          return null;
        });
    PAssert.that(out.get(ComputeRecommendations.RECOMMENDATIONS).apply("Recs", JsonFields.of("userId", "items")))
        .containsInAnyOrder(
            "userId=heavy items=[]", // v's items are all the heavy user's own
            "userId=v items=[{\"itemId\":\"x-2800\",\"score\":1},{\"itemId\":\"x-2801\",\"score\":1},"
                + "{\"itemId\":\"x-2802\",\"score\":1},{\"itemId\":\"x-2803\",\"score\":1},"
                + "{\"itemId\":\"x-2804\",\"score\":1}]");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.query(result.metrics(), ComputeRecommendations.NAME).get("usersOverItemCap"), is(1L));
  }
}
