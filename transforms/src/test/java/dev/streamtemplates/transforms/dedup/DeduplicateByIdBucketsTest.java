package dev.streamtemplates.transforms.dedup;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertThrows;

import dev.streamtemplates.testing.Timeline;
import dev.streamtemplates.transforms.ReadingFixtures;
import dev.streamtemplates.transforms.ReadingFixtures.Reading;
import dev.streamtemplates.transforms.keys.StableBuckets;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import dev.streamtemplates.transforms.parse.ParseJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/** Ids sharing a bucket (its state and timers) keep the behaviour each id has on its own. */
public class DeduplicateByIdBucketsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollection<Reading> dedup(Timeline timeline, int buckets) {
    return p.apply(timeline.end())
        .apply(ParseJson.of("test", Reading::parse, ReadingFixtures.CODER)
            .withAllowedLateness(Duration.standardMinutes(5)))
        .records()
        .apply(DeduplicateById.<Reading>of("test", r -> r.id)
            .rememberingIdsFor(Duration.standardMinutes(10))
            .withBuckets(buckets));
  }

  private long duplicatesAfterRun() {
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return PipelineCounters.query(result.metrics(), "test").get(PipelineCounters.DUPLICATES);
  }

  private static TimestampedValue<Reading> at(Reading r) {
    return TimestampedValue.of(r, new org.joda.time.Instant(r.timestamp));
  }

  private static IntervalWindow minute(String start) {
    return new IntervalWindow(Timeline.at(start), Duration.standardMinutes(1));
  }

  @Test
  public void idsSharingOneBucketAreEachReleasedOnTimeWithTheirEarliestCopy() {
    Reading a = ReadingFixtures.reading("a", "earlier copy", 2, "10:00:20");
    Reading b = ReadingFixtures.reading("b", "first", 1, "10:00:10");
    Reading c = ReadingFixtures.reading("c", "earlier copy", 2, "10:00:45");
    Reading d = ReadingFixtures.reading("d", "first", 1, "10:01:10");
    Reading e = ReadingFixtures.reading("e", "first", 1, "10:00:36");
    PCollection<Reading> kept =
        dedup(
            Timeline.start("10:00:00")
                .add(ReadingFixtures.line("a", "first", 1, "10:00:30"))
                .add(ReadingFixtures.line("b", "first", 1, "10:00:10"))
                .add(ReadingFixtures.line("c", "first", 1, "10:00:50"))
                .add(ReadingFixtures.line("a", "earlier copy", 2, "10:00:20")) // replaces a
                .add(ReadingFixtures.line("b", "later copy", 2, "10:00:40"))
                .add(ReadingFixtures.line("d", "first", 1, "10:01:10"))
                .watermark("10:00:35") // b and a are released; c and d still wait
                .add(ReadingFixtures.line("c", "earlier copy", 2, "10:00:45")) // replaces c
                .add(ReadingFixtures.line("a", "after release", 3, "10:00:50"))
                .add(ReadingFixtures.line("e", "first", 1, "10:00:36")) // before c: moves the timer
                .watermark("10:01:30") // e, c, d are released
                .add(ReadingFixtures.line("b", "much later", 3, "10:01:40")),
            1);
    PAssert.that(kept.apply(Reify.timestamps())).containsInAnyOrder(at(a), at(b), at(c), at(d), at(e));
    // Downstream, every record is on time in its own window: the bucket's single release timer
    // held the watermark at its earliest pending copy, as a timer per id would have.
    PCollection<Reading> windowed =
        kept.apply(Window.<Reading>into(FixedWindows.of(Duration.standardMinutes(1))));
    PAssert.that(windowed).inWindow(minute("10:00:00")).containsInAnyOrder(a, b, c, e);
    PAssert.that(windowed).inWindow(minute("10:01:00")).containsInAnyOrder(d);
    assertThat(duplicatesAfterRun(), is(5L));
  }

  @Test
  public void eachIdInABucketIsRememberedForItsHorizonAndForgottenWithItsGeneration() {
    assertForgetting(1);
  }

  @Test
  public void eachIdIsRememberedForItsHorizonAndForgottenWithItsGenerationWithManyBuckets() {
    assertForgetting(DeduplicateById.DEFAULT_BUCKETS);
  }

  /**
   * Horizon 10 minutes, generations of 5: x (10:00:10) is forgotten at 10:15:00, y (10:05:40) at
   * 10:20:00. Each watermark step follows a tick: the parse step learns the watermark from
   * records, so a tick lets it catch up.
   */
  private void assertForgetting(int buckets) {
    PAssert.that(
            dedup(
                Timeline.start("10:00:00")
                    .add(ReadingFixtures.line("x", "first", 1, "10:00:10"))
                    .add(ReadingFixtures.line("y", "first", 1, "10:05:40"))
                    .add(ReadingFixtures.line("tick1", "t", 0, "10:10:00"))
                    .watermark("10:10:05") // just before x's horizon
                    .add(ReadingFixtures.line("x", "copy", 2, "10:10:06"))
                    .add(ReadingFixtures.line("tick2", "t", 0, "10:14:55"))
                    .watermark("10:14:58") // past x's horizon, before its generation is forgotten
                    .add(ReadingFixtures.line("x", "copy", 3, "10:14:59"))
                    .add(ReadingFixtures.line("tick3", "t", 0, "10:15:10"))
                    .watermark("10:15:20") // x's generation is forgotten, y's is not
                    .add(ReadingFixtures.line("x", "resent", 4, "10:15:21"))
                    .add(ReadingFixtures.line("y", "copy", 2, "10:15:22"))
                    .add(ReadingFixtures.line("tick4", "t", 0, "10:20:05"))
                    .watermark("10:20:10") // y's generation is forgotten, x's resent one is not
                    .add(ReadingFixtures.line("y", "resent", 3, "10:20:15"))
                    .add(ReadingFixtures.line("x", "copy of resent", 5, "10:20:16")),
                buckets))
        .containsInAnyOrder(
            ReadingFixtures.reading("x", "first", 1, "10:00:10"),
            ReadingFixtures.reading("y", "first", 1, "10:05:40"),
            ReadingFixtures.reading("tick1", "t", 0, "10:10:00"),
            ReadingFixtures.reading("tick2", "t", 0, "10:14:55"),
            ReadingFixtures.reading("tick3", "t", 0, "10:15:10"),
            ReadingFixtures.reading("tick4", "t", 0, "10:20:05"),
            ReadingFixtures.reading("x", "resent", 4, "10:15:21"),
            ReadingFixtures.reading("y", "resent", 3, "10:20:15"));
    assertThat(duplicatesAfterRun(), is(4L));
  }

  @Test
  public void idsInABucketAreForgottenOneGenerationAtATime() {
    // 20 ids 30 s apart: id0..id9 in the generation 10:00-10:05 (forgotten at 10:15:00),
    // id10..id19 in 10:05-10:10 (forgotten at 10:20:00).
    Timeline timeline = Timeline.start("10:00:00");
    List<Reading> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String time = String.format("10:%02d:%02d", i / 2, i % 2 * 30);
      timeline.add(ReadingFixtures.line("id" + i, "first", 1, time));
      expected.add(ReadingFixtures.reading("id" + i, "first", 1, time));
    }
    // The parse step learns the watermark from records, a step at a time: ticks let it catch up.
    for (String tick : new String[] {"10:05:00", "10:10:00", "10:15:05"}) {
      timeline.add(ReadingFixtures.line("tick " + tick, "t", 0, tick)).watermark(tick);
      expected.add(ReadingFixtures.reading("tick " + tick, "t", 0, tick));
    }
    timeline.watermark("10:15:08"); // the parse step's probe catches up with the last tick
    String[] copies = new String[20];
    for (int i = 0; i < 20; i++) {
      copies[i] = ReadingFixtures.line("id" + i, "resent", 2, "10:15:10");
    }
    timeline.add(copies); // id0..id9 count again, id10..id19 are still remembered
    for (int i = 0; i < 10; i++) {
      expected.add(ReadingFixtures.reading("id" + i, "resent", 2, "10:15:10"));
    }
    timeline
        .add(ReadingFixtures.line("tick 10:20:05", "t", 0, "10:20:05"))
        .watermark("10:20:05")
        .watermark("10:20:08");
    expected.add(ReadingFixtures.reading("tick 10:20:05", "t", 0, "10:20:05"));
    String[] again = new String[20];
    for (int i = 0; i < 20; i++) {
      again[i] = ReadingFixtures.line("id" + i, "again", 3, "10:20:10");
    }
    timeline.add(again); // id10..id19 count again; id0..id9's resent copies are remembered
    for (int i = 10; i < 20; i++) {
      expected.add(ReadingFixtures.reading("id" + i, "again", 3, "10:20:10"));
    }
    PAssert.that(dedup(timeline, 1)).containsInAnyOrder(expected);
    assertThat(duplicatesAfterRun(), is(20L));
  }

  @Test
  public void aLateRecordJoinsTheNewestGenerationAndIsRememberedForItsHorizon() {
    PAssert.that(
            dedup(
                Timeline.start("10:00:00")
                    .add(ReadingFixtures.line("a", "first", 1, "10:05:30"))
                    .watermark("10:05:40") // a is emitted in 10:05-10:10, forgotten at 10:20:00
                    .add(ReadingFixtures.line("b", "late", 1, "10:04:50")) // joins a's generation, not 10:00's
                    .watermark("10:06:00")
                    .add(ReadingFixtures.line("tick", "t", 0, "10:10:00"))
                    .add(ReadingFixtures.line("tick2", "t", 0, "10:15:05"))
                    .watermark("10:15:10") // 10:00-10:05 would be forgotten by now
                    .add(ReadingFixtures.line("b", "copy", 2, "10:15:15"))
                    .add(ReadingFixtures.line("tick3", "t", 0, "10:20:05"))
                    .watermark("10:20:10")
                    .add(ReadingFixtures.line("b", "resent", 3, "10:20:15"))
                    .add(ReadingFixtures.line("a", "resent", 2, "10:20:16")),
                1))
        .containsInAnyOrder(
            ReadingFixtures.reading("a", "first", 1, "10:05:30"),
            ReadingFixtures.reading("b", "late", 1, "10:04:50"),
            ReadingFixtures.reading("tick", "t", 0, "10:10:00"),
            ReadingFixtures.reading("tick2", "t", 0, "10:15:05"),
            ReadingFixtures.reading("tick3", "t", 0, "10:20:05"),
            ReadingFixtures.reading("b", "resent", 3, "10:20:15"),
            ReadingFixtures.reading("a", "resent", 2, "10:20:16"));
    assertThat(duplicatesAfterRun(), is(1L));
  }

  /**
   * One watermark jump releases c (10:14:00) and b (10:20:05), from a release timer that fires
   * before a's forget timer (10:15:00). b's generation (10:20-10:25) comes four after a's
   * (10:00-10:05): a must be forgotten before b joins, or the two would share a generation's ids.
   */
  @Test
  public void aWatermarkJumpForgetsWhatIsDueBeforeItRemembersWhatItReleases() {
    PAssert.that(
            dedup(
                Timeline.start("10:00:00")
                    .add(ReadingFixtures.line("a", "first", 1, "10:00:10"))
                    .watermark("10:01:00")
                    .add(ReadingFixtures.line("c", "first", 1, "10:14:00"))
                    .add(ReadingFixtures.line("b", "first", 1, "10:20:05"))
                    .watermark("10:20:10")
                    .add(ReadingFixtures.line("a", "resent", 2, "10:20:20")) // forgotten: counts
                    .add(ReadingFixtures.line("b", "copy", 2, "10:20:30")) // remembered
                    .add(ReadingFixtures.line("c", "copy", 2, "10:20:40")), // remembered
                1))
        .containsInAnyOrder(
            ReadingFixtures.reading("a", "first", 1, "10:00:10"),
            ReadingFixtures.reading("c", "first", 1, "10:14:00"),
            ReadingFixtures.reading("b", "first", 1, "10:20:05"),
            ReadingFixtures.reading("a", "resent", 2, "10:20:20"));
    assertThat(duplicatesAfterRun(), is(2L));
  }

  /**
   * x (10:00:10) and y (10:25:10) wait for one watermark jump to 10:30:00, which releases both in
   * one firing: x joins 10:00-10:05, which that watermark is already a horizon past, and y joins
   * 10:25-10:30. x is forgotten at once, as its generation's timer would do; y is remembered.
   */
  @Test
  public void copiesReleasedGenerationsApartInOneFiringAreEachRememberedAsTheirTimeSays() {
    PAssert.that(
            dedup(
                Timeline.start("10:00:00")
                    .add(ReadingFixtures.line("x", "first", 1, "10:00:10"))
                    .add(ReadingFixtures.line("y", "first", 1, "10:25:10"))
                    .watermark("10:30:00")
                    .add(ReadingFixtures.line("x", "resent", 2, "10:30:05")) // forgotten: counts
                    .add(ReadingFixtures.line("y", "copy", 2, "10:30:06")), // remembered
                1))
        .containsInAnyOrder(
            ReadingFixtures.reading("x", "first", 1, "10:00:10"),
            ReadingFixtures.reading("y", "first", 1, "10:25:10"),
            ReadingFixtures.reading("x", "resent", 2, "10:30:05"));
    assertThat(duplicatesAfterRun(), is(1L));
  }

  @Test
  public void afterTheHorizonEveryIdOfABucketIsForgottenAndCountsAgain() {
    PAssert.that(
            dedup(
                Timeline.start("10:00:00")
                    .add(ReadingFixtures.line("a", "first", 1, "10:00:01"))
                    .add(ReadingFixtures.line("b", "first", 1, "10:00:02"))
                    .add(ReadingFixtures.line("c", "first", 1, "10:00:03"))
                    .watermark("10:05:00")
                    .add(ReadingFixtures.line("tick", "t", 0, "10:15:30"))
                    .watermark("10:16:00") // every id above is forgotten
                    .add(ReadingFixtures.line("a", "again", 2, "10:16:01"))
                    .add(ReadingFixtures.line("b", "again", 2, "10:16:02"))
                    .add(ReadingFixtures.line("c", "again", 2, "10:16:03")),
                2))
        .containsInAnyOrder(
            ReadingFixtures.reading("a", "first", 1, "10:00:01"),
            ReadingFixtures.reading("b", "first", 1, "10:00:02"),
            ReadingFixtures.reading("c", "first", 1, "10:00:03"),
            ReadingFixtures.reading("tick", "t", 0, "10:15:30"),
            ReadingFixtures.reading("a", "again", 2, "10:16:01"),
            ReadingFixtures.reading("b", "again", 2, "10:16:02"),
            ReadingFixtures.reading("c", "again", 2, "10:16:03"));
    assertThat(duplicatesAfterRun(), is(0L));
  }

  @Test
  public void bucketsAreStableAndSpreadSequentialIds() {
    // State is keyed by bucket: a different hash would misplace ids restored from a checkpoint.
    String[] names = StableBuckets.names("", 1024);
    assertThat(DeduplicateById.bucketOf("txn-000042", names), is("913"));
    Map<String, Integer> load = new HashMap<>();
    for (int i = 0; i < 102_400; i++) {
      load.merge(DeduplicateById.bucketOf(String.format("txn-%06d", i), names), 1, Integer::sum);
    }
    assertThat(load.size(), is(1024));
    assertThat(load.values().stream().mapToInt(Integer::intValue).max().getAsInt(), lessThan(160));
  }

  @Test
  public void aBucketCountBelowOneIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DeduplicateById.<Reading>of("test", r -> r.id).withBuckets(0));
  }
}
