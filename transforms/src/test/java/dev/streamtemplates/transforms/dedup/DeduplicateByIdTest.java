package dev.streamtemplates.transforms.dedup;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.testing.Timeline;
import dev.streamtemplates.transforms.ReadingFixtures;
import dev.streamtemplates.transforms.ReadingFixtures.Reading;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import dev.streamtemplates.transforms.parse.ParseJson;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

public class DeduplicateByIdTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollection<Reading> dedup(Timeline timeline) {
    return p.apply(timeline.end())
        .apply(ParseJson.of("test", Reading::parse, ReadingFixtures.CODER)
            .withAllowedLateness(Duration.standardMinutes(5)))
        .records()
        .apply(DeduplicateById.<Reading>of("test", r -> r.id).rememberingIdsFor(Duration.standardMinutes(10)));
  }

  /** Runs the timeline through dedup: exactly {@code expected} come out, the rest are counted. */
  private void assertDedup(Timeline timeline, long expectedDuplicates, Reading... expected) {
    PAssert.that(dedup(timeline)).containsInAnyOrder(expected);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(
        PipelineCounters.query(result.metrics(), "test").get(PipelineCounters.DUPLICATES),
        is(expectedDuplicates));
  }

  @Test
  public void earliestCopyWinsWhenItArrivesLast() {
    assertDedup(
        Timeline.start("10:00:00")
        .add(ReadingFixtures.line("x", "resent", 2, "10:00:20"))
        .add(ReadingFixtures.line("x", "resent", 3, "10:00:30"))
        .add(ReadingFixtures.line("x", "original", 1, "10:00:10")) // earliest, arrives last
        .add(ReadingFixtures.line("y", "other", 9, "10:00:15")),
        2,
        ReadingFixtures.reading("x", "original", 1, "10:00:10"),
        ReadingFixtures.reading("y", "other", 9, "10:00:15"));
  }

  @Test
  public void earliestCopyWinsWhenItArrivesFirst() {
    assertDedup(
        Timeline.start("10:00:00")
        .add(ReadingFixtures.line("x", "original", 1, "10:00:10"))
        .add(ReadingFixtures.line("x", "resent", 2, "10:00:20")),
        1,
        ReadingFixtures.reading("x", "original", 1, "10:00:10"));
  }

  @Test
  public void aCopyAfterItsRecordWasEmittedIsStillADuplicate() {
    assertDedup(
        Timeline.start("10:00:00")
        .add(ReadingFixtures.line("x", "first", 1, "10:00:10"))
        .watermark("10:01:00") // x is emitted
        .add(ReadingFixtures.line("x", "copy", 1, "10:00:50")),
        1,
        ReadingFixtures.reading("x", "first", 1, "10:00:10"));
  }

  @Test
  public void idsAreRememberedForTheHorizonThenForgottenSoStateIsBounded() {
    // Generations of 5 minutes (half the horizon): x, emitted in 10:00-10:05, is remembered until
    // 10:15:00, a horizon after its generation's end, so at least 10 minutes after it.
    assertDedup(
        Timeline.start("10:00:00")
            .add(ReadingFixtures.line("x", "first", 1, "10:00:10"))
            .add(ReadingFixtures.line("tick", "t", 0, "10:05:00"))
            .watermark("10:05:00")
            .add(ReadingFixtures.line("x", "copy", 2, "10:05:10")) // within the horizon
            .add(ReadingFixtures.line("tick2", "t", 0, "10:14:50"))
            .watermark("10:14:55") // past x's horizon (10:10:10), not its generation's
            .add(ReadingFixtures.line("x", "copy", 3, "10:14:58"))
            .add(ReadingFixtures.line("tick3", "t", 0, "10:15:05"))
            .watermark("10:15:05") // x's generation is forgotten
            .add(ReadingFixtures.line("x", "much later", 4, "10:15:10")),
        2,
        ReadingFixtures.reading("x", "first", 1, "10:00:10"),
        ReadingFixtures.reading("tick", "t", 0, "10:05:00"),
        ReadingFixtures.reading("tick2", "t", 0, "10:14:50"),
        ReadingFixtures.reading("tick3", "t", 0, "10:15:05"),
        ReadingFixtures.reading("x", "much later", 4, "10:15:10"));
  }
}
