package dev.streamtemplates.pipelines.recommendations;

import static dev.streamtemplates.pipelines.FileRuns.sorted;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.pipelines.FileRuns;
import dev.streamtemplates.pipelines.TerraformSchemas;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The whole recommendations pipeline on the fixture: in one file, then shuffled and split, on
 * Direct and on Flink embedded. Every run must write exactly the records worked out in {@link
 * RecommendationsFixture}, and account for every input line.
 */
public class RecommendationsFilePipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FileRuns.Outcome run(String runnerFlags, boolean shuffled) throws Exception {
    FileRuns.Outcome outcome = FileRuns.run(tmp, ComputeRecommendations.NAME, RecommendationsFixture.input(),
        shuffled, runnerFlags, args -> RecommendationsPipeline.build(
            PipelineOptionsFactory.fromArgs(args).withValidation().as(RecommendationsOptions.class)));
    assertThat(outcome.summary, is("recommendations: read=29 parsed=23 deadLettered=6 droppedLate=0"));
    return outcome;
  }

  private static void assertExpected(FileRuns.Outcome outcome) {
    assertThat(outcome.lines(ComputeRecommendations.TRENDING), is(sorted(RecommendationsFixture.TRENDING)));
    assertThat(outcome.lines(ComputeRecommendations.SIMILAR_ITEMS), is(sorted(RecommendationsFixture.SIMILAR_ITEMS)));
    assertThat(outcome.lines(ComputeRecommendations.RECOMMENDATIONS),
        is(sorted(RecommendationsFixture.RECOMMENDATIONS)));
    outcome.assertDeadLettered(ComputeRecommendations.NAME, RecommendationsFixture.BAD);
  }

  @Test
  public void directRunnerWritesExactlyTheExpectedRecords() throws Exception {
    FileRuns.Outcome outcome = run("--runner=DirectRunner", false);
    assertExpected(outcome);
    TerraformSchemas.assertOutputsFit(ComputeRecommendations.NAME, outcome.out); // the BigQuery tables take every record
  }

  @Test
  public void resultsDoNotDependOnLineOrderOrFileSplit() throws Exception {
    assertExpected(run("--runner=DirectRunner", true));
  }

  /**
   * Users and items share state keys (--keyBuckets): one for all, or a few, must give the same
   * records, including trending's top 10, ranked from the buckets' own top 10s.
   */
  @Test
  public void resultsDoNotDependOnHowKeysShareBuckets() throws Exception {
    assertExpected(run("--runner=DirectRunner --keyBuckets=1", true));
    assertExpected(run("--runner=DirectRunner --keyBuckets=3", true));
  }

  @Test
  public void flinkEmbeddedWritesTheSameRecordsAsDirect() throws Exception {
    assertExpected(run("--runner=FlinkRunner --flinkMaster=[local] --parallelism=2", true));
  }
}
