package dev.streamtemplates.pipelines.recommendations;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.pipelines.FileRuns;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import dev.streamtemplates.io.synthetic.SyntheticStream;
import dev.streamtemplates.testing.JsonFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The generator plants item clusters; the pipeline, given ten minutes of its traffic, must find
 * them: in every cluster, at least 90% of the items {@code similar-items} lists for the cluster's
 * items lie in that cluster (the noise: 5% of picks out of the home cluster, ties at the cut).
 */
public class InteractionGeneratorTest {
  private static final long START = Instant.parse("2026-11-23T10:00:00Z").getMillis();
  private static final int RECORDS = 60_000;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Flink embedded: the Direct runner takes minutes over this many keys with timers. */
  private final String runnerFlags = "--runner=FlinkRunner --flinkMaster=[local] --parallelism=2";

  @Test
  public void similarItemsRecoversThePlantedClusters() throws Exception {
    SyntheticStream stream = new SyntheticSource(new InteractionGenerator(), 100, 0, 42, START);
    InteractionGenerator generator = new InteractionGenerator();
    List<String> lines = new ArrayList<>();
    Set<String> crawled = new HashSet<>();
    for (long i = 0; i < RECORDS; i++) {
      String line = generator.generate(i, stream).payload();
      if (line.contains("\"userId\":\"" + InteractionGenerator.HEAVY_USER + "\"")) {
        // The crawler touches items at random, as bots do: it is noise by design (real systems
        // filter bots), so it is left out of the cluster check. It must outgrow the cap, though.
        crawled.add(JsonFields.parse(line).get("itemId").textValue());
      } else {
        lines.add(line);
      }
    }
    assertThat("distinct items of the crawler", crawled.size(), greaterThan(200));
    FileRuns.Outcome outcome = FileRuns.run(tmp, ComputeRecommendations.NAME, lines, false, runnerFlags,
        args -> RecommendationsPipeline.build(
            PipelineOptionsFactory.fromArgs(args).withValidation().as(RecommendationsOptions.class)));
    int[] inCluster = new int[InteractionGenerator.CLUSTERS];
    int[] listed = new int[InteractionGenerator.CLUSTERS];
    int items = 0;
    for (String line : outcome.lines(ComputeRecommendations.SIMILAR_ITEMS)) {
      JsonNode record = JsonFields.parse(line);
      int cluster = InteractionGenerator.clusterOf(record.get("itemId").textValue());
      items++;
      for (JsonNode similar : record.get("similar")) {
        listed[cluster]++;
        if (InteractionGenerator.clusterOf(similar.get("itemId").textValue()) == cluster) {
          inCluster[cluster]++;
        }
      }
    }
    assertThat("items with neighbours", items, greaterThan(InteractionGenerator.CLUSTERS * InteractionGenerator.CLUSTER_SIZE / 2));
    for (int c = 0; c < InteractionGenerator.CLUSTERS; c++) {
      assertThat("share of cluster " + c + "'s neighbours in cluster " + c,
          (double) inCluster[c] / listed[c], greaterThanOrEqualTo(0.9));
    }
    // Without the crawler, no user outgrows the default cap of 200 items.
    assertThat(outcome.summary, not(containsString("usersOverItemCap")));
  }
}
