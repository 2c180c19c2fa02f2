package dev.streamtemplates.pipelines.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.testing.FixtureFiles;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The streaming form end to end: the synthetic source (unbounded, ending at --maxEvents) into the
 * file sink's processing-time batches. Every record must be accounted for: the final panes of
 * window-stats hold every event that was neither a duplicate nor too late, and dead-letter holds
 * every malformed and every too-late record. The rate is low enough (15 s of event time) that
 * windows close while late records still arrive, so a window dropping them would show.
 */
public class AnalyticsSyntheticPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everySyntheticRecordIsAccountedForInTheFileOutputs() throws Exception {
    Path out = tmp.newFolder().toPath();
    AnalyticsOptions options = PipelineOptionsFactory.fromArgs(
            "--runner=DirectRunner", "--maxEvents=1500", "--eventsPerSecond=100", "--seed=11",
            "--syntheticStartTime=2026-11-23T10:00:00Z", "--sink=file", "--outputPath=" + out)
        .withValidation().as(AnalyticsOptions.class);
    PipelineResult result = AnalyticsPipeline.build(options).run();
    assertThat(result.waitUntilFinish(), is(PipelineResult.State.DONE));
    Map<String, Long> c = PipelineCounters.query(result.metrics(), ComputeAnalytics.NAME);

    assertThat(c.get("read"), is(1500L));
    assertThat(c.get("parsed") + c.get("deadLettered"), is(1500L));
    assertThat(c.get("deadLettered"), greaterThan(0L)); // the generator makes about 1% bad
    assertThat(c.get("duplicates"), greaterThan(0L)); // and about 1% retransmissions
    assertThat(c.get("droppedLate"), greaterThan(0L)); // and late records, some beyond 300 s

    assertThat((long) FixtureFiles.readAllLines(out.resolve("dead-letter")).size(),
        is(c.get("deadLettered") + c.get("droppedLate")));

    // The last pane of each window is its final value; together they count every kept event.
    Map<String, JsonNode> finalPanes = new HashMap<>();
    for (String line : FixtureFiles.readAllLines(out.resolve("window-stats"))) {
      JsonNode stats = JsonFields.parse(line);
      finalPanes.merge(stats.get("windowStart").textValue(), stats,
          (a, b) -> a.get("paneIndex").asLong() >= b.get("paneIndex").asLong() ? a : b);
    }
    long counted = finalPanes.values().stream().mapToLong(s -> s.get("events").asLong()).sum();
    assertThat(counted, is(c.get("parsed") - c.get("duplicates") - c.get("droppedLate")));
  }
}
