package dev.streamtemplates.pipelines.recommendations;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/** Bad options fail before the pipeline is built, naming the option and what would work. */
public class RecommendationsOptionsTest {
  private static String error(String... args) {
    RecommendationsOptions options = PipelineOptionsFactory.fromArgs(args).as(RecommendationsOptions.class);
    return assertThrows(IllegalArgumentException.class, () -> RecommendationsOptions.validate(options))
        .getMessage();
  }

  @Test
  public void actionWeightsMustNameEveryActionOnceWithAWholeWeight() {
    assertThat(ActionWeights.parse("purchase:10,view:0,cart:2").of(Interaction.Action.purchase), is(10L));
    assertThat(error("--actionWeights=view:1,cart:3"),
        is("--actionWeights must list every action as action:weight, e.g. view:1,cart:3,purchase:5; purchase is missing"));
    assertThat(error("--actionWeights=view:1,cart:3,purchase:5,click:1"),
        is("--actionWeights must list every action as action:weight, e.g. view:1,cart:3,purchase:5; got 'click:1'"));
    assertThat(error("--actionWeights=view:1,cart:3.5,purchase:5"),
        is("--actionWeights: the weight of cart must be a whole number; got '3.5'"));
    assertThat(error("--actionWeights=view:-1,cart:3,purchase:5"),
        is("--actionWeights: the weight of view must be >= 0; got -1"));
    assertThat(error("--actionWeights=view:1,view:2,cart:3,purchase:5"), is("--actionWeights names view twice"));
  }

  @Test
  public void windowsSizesAndTheCapMustBeUsable() {
    assertThat(error("--trendingPeriodSec=900"), is("--trendingPeriodSec (900) must be <= --trendingWindowSec (600)"));
    assertThat(error("--maxItemsPerUser=1"), is("--maxItemsPerUser must be >= 2 (a pair needs two items), got 1"));
    assertThat(error("--freshnessSec=0"), is("--freshnessSec must be > 0, got 0"));
    assertThat(error("--similarItems=0"), is("--similarItems must be > 0, got 0"));
    assertThat(error("--keyBuckets=0"), is("--keyBuckets must be > 0, got 0"));
  }
}
