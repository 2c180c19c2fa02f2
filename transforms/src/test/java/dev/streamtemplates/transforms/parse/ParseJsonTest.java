package dev.streamtemplates.transforms.parse;

import static dev.streamtemplates.testing.Timeline.at;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.testing.Timeline;
import dev.streamtemplates.testing.DoFnCalls;
import dev.streamtemplates.transforms.ReadingFixtures;
import dev.streamtemplates.transforms.deadletter.DeadLetter;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import dev.streamtemplates.transforms.window.WindowPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class ParseJsonTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Duration LATENESS = Duration.standardMinutes(5);

  /** Parses a timeline with the 5-minute lateness check, on one bucket (exact knowledge). */
  private ParsedRecords<ReadingFixtures.Reading> parseWithLateness(Timeline timeline) {
    return p.apply(timeline.end())
        .apply(ParseJson.of("test", ReadingFixtures.Reading::parse, ReadingFixtures.CODER)
            .withAllowedLateness(LATENESS)
            .withLatenessBuckets(1)); // one bucket: it knows the watermark from the first record
  }

  /** Ten minutes of watermark after one on-time record, then the given late arrivals. */
  private static Timeline watermarkTenMinutesOnThen(String... lateLines) {
    return Timeline.start("10:00:00")
        .add(ReadingFixtures.line("r1", "a", 1, "10:00:05"))
        .watermark("10:10:00")
        .add(lateLines);
  }

  private static PCollection<String> errors(ParsedRecords<?> parsed) {
    return parsed.deadLetters()
        .apply("Errors", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::error));
  }

  @Test
  public void badRecordsGoToDeadLetterWithTheirPayloadAndCountersReconcile() {
    String good = ReadingFixtures.line("r1", "a", 1, "10:00:00");
    ParsedRecords<ReadingFixtures.Reading> parsed =
        p.apply(Create.of(good, "not json", "{\"id\":\"r2\",\"key\":\"a\",\"value\":\"3\","
                + "\"timestamp\":\"2026-11-23T10:00:00Z\"}"))
            .apply(ParseJson.of("test", ReadingFixtures.Reading::parse, ReadingFixtures.CODER));
    PAssert.that(parsed.records()).containsInAnyOrder(ReadingFixtures.reading("r1", "a", 1, "10:00:00"));
    PAssert.that(parsed.deadLetters().apply(MapElements.into(TypeDescriptors.strings())
            .via(d -> d.pipeline() + " | " + d.payload() + " | " + d.error())))
        .containsInAnyOrder(
            "test | not json | not valid JSON: Unrecognized token 'not': was expecting (JSON String,"
                + " Number, Array, Object or token 'null', 'true' or 'false')",
            "test | {\"id\":\"r2\",\"key\":\"a\",\"value\":\"3\",\"timestamp\":\"2026-11-23T10:00:00Z\"}"
                + " | field 'value' must be an integer, got a string (\"3\")");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.query(result.metrics(), "test");
    assertThat(counters.get("read"), is(3L));
    assertThat(counters.get("parsed"), is(1L));
    assertThat(counters.get("deadLettered"), is(2L));
  }

  @Test
  public void recordsAreStampedWithTheirEventTime() {
    PCollection<ReadingFixtures.Reading> records =
        p.apply(Create.of(ReadingFixtures.line("r1", "a", 1, "10:00:59"),
                ReadingFixtures.line("r2", "a", 2, "10:01:00")))
            .apply(ParseJson.of("test", ReadingFixtures.Reading::parse, ReadingFixtures.CODER))
            .records();
    PCollection<Long> perMinute = records
        .apply(org.apache.beam.sdk.transforms.windowing.Window.into(FixedWindows.of(Duration.standardMinutes(1))))
        .apply(MapElements.into(TypeDescriptors.longs()).via(r -> r.value))
        .apply(Sum.longsGlobally().withoutDefaults());
    PAssert.that(perMinute).inWindow(new IntervalWindow(at("10:00:00"), at("10:01:00"))).containsInAnyOrder(1L);
    PAssert.that(perMinute).inWindow(new IntervalWindow(at("10:01:00"), at("10:02:00"))).containsInAnyOrder(2L);
    p.run();
  }

  /**
   * One record within the allowed lateness, one beyond it. The first must reach a window
   * downstream (as a LATE pane: not dropped); the second must be dead-lettered and counted.
   */
  @Test
  public void tooLateRecordsAreDeadLetteredAndLateOnesWithinLatenessStillCount() {
    Timeline timeline = watermarkTenMinutesOnThen(
        ReadingFixtures.line("tooLate", "a", 100, "10:04:59"), // 5 min 1 s behind
        ReadingFixtures.line("late", "a", 10, "10:05:30")); // 4.5 min behind
    ParsedRecords<ReadingFixtures.Reading> parsed = parseWithLateness(timeline);
    PCollection<KV<String, Long>> records = parsed.records()
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(r -> KV.of(r.key, r.value)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    WindowPolicy policy = WindowPolicy.of(LATENESS, Duration.standardSeconds(10));
    PCollection<KV<String, Long>> sums = records
        .apply(policy.windowing(records, FixedWindows.of(Duration.standardMinutes(1))))
        .apply(Sum.longsPerKey());

    PAssert.that(sums).inOnTimePane(new IntervalWindow(at("10:00:00"), at("10:01:00")))
        .containsInAnyOrder(KV.of("a", 1L));
    PAssert.that(sums).inLatePane(new IntervalWindow(at("10:05:00"), at("10:06:00")))
        .containsInAnyOrder(KV.of("a", 10L));
    PAssert.that(errors(parsed)).containsInAnyOrder(
        "late record: event time 2026-11-23T10:04:59.000Z is 301 s behind the watermark"
            + " (at 2026-11-23T10:10:00.000Z or later); the allowed lateness is 300 s"
            + " (--allowedLatenessSec)");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.query(result.metrics(), "test");
    assertThat(counters.get("droppedLate"), is(1L));
    assertThat(counters.get("read"), is(3L));
    assertThat(counters.get("parsed"), is(3L));
  }

  @Test
  public void theCheckUsesTheWatermarkItselfNotOnlyTheProbesLastStep() {
    // The probe steps a second at a time; the watermark (10:10:00) is what the check compares
    // with, so half a second too late is too late.
    Timeline timeline = watermarkTenMinutesOnThen(
        ReadingFixtures.line("halfSecondTooLate", "a", 7, "10:04:59.500"));
    ParsedRecords<ReadingFixtures.Reading> parsed = parseWithLateness(timeline);
    PAssert.that(parsed.records()).containsInAnyOrder(ReadingFixtures.reading("r1", "a", 1, "10:00:05"));
    PAssert.that(errors(parsed)).containsInAnyOrder(
        "late record: event time 2026-11-23T10:04:59.500Z is 300.5 s behind the watermark"
            + " (at 2026-11-23T10:10:00.000Z or later); the allowed lateness is 300 s"
            + " (--allowedLatenessSec)");
    p.run();
  }

  @Test
  public void recordsExactlyAtTheAllowedLatenessAreKept() {
    Timeline timeline = watermarkTenMinutesOnThen(
        ReadingFixtures.line("edge", "a", 7, "10:05:00")); // exactly 300 s behind
    ParsedRecords<ReadingFixtures.Reading> parsed = parseWithLateness(timeline);
    PAssert.that(parsed.records()).containsInAnyOrder(
        ReadingFixtures.reading("r1", "a", 1, "10:00:05"), ReadingFixtures.reading("edge", "a", 7, "10:05:00"));
    PAssert.that(parsed.deadLetters()).empty();
    p.run();
  }

  /** What SpreadFn sends for {@code lines} lines of one bundle: bucket, run size (in order). */
  private static List<KV<Integer, Integer>> runsOfOneBundle(
      ParseJson.SpreadFn fn, int lines, Instant time) {
    List<KV<Integer, Integer>> runs = new ArrayList<>();
    DoFn.OutputReceiver<KV<Integer, List<String>>> out =
        DoFnCalls.receiver((kv, timestamp) -> runs.add(KV.of(kv.getKey(), kv.getValue().size())));
    fn.startBundle();
    for (int i = 0; i < lines; i++) {
      fn.process("line " + i, time, GlobalWindow.INSTANCE, out);
    }
    fn.finishBundle(
        DoFnCalls.finishBundle(fn, (kv, timestamp, window) -> out.outputWithTimestamp(kv, timestamp)));
    return runs;
  }

  @Test
  public void linesGoToTheLatenessBucketsInRunsFromARandomStartPerBundle() {
    int run = ParseJson.SpreadFn.RUN;
    ParseJson.SpreadFn fn = new ParseJson.SpreadFn(16, 1_000);
    fn.setup();
    for (int bundle = 0; bundle < 3; bundle++) {
      // Two and a half runs; no hints: no event time yet.
      List<KV<Integer, Integer>> runs =
          runsOfOneBundle(fn, run * 5 / 2, BoundedWindow.TIMESTAMP_MIN_VALUE);
      int first = runs.get(0).getKey();
      assertThat(runs, is(List.of(KV.of(first, run), KV.of((first + 1) % 16, run),
          KV.of((first + 2) % 16, run / 2))));
    }
  }

  @Test
  public void everyBucketGetsAHintOncePerProbeStep() {
    ParseJson.SpreadFn fn = new ParseJson.SpreadFn(4, 1_000);
    fn.setup();
    List<KV<Integer, Integer>> runs = runsOfOneBundle(fn, 3, at("10:00:00"));
    // The first line's time is news: an empty run to every bucket, then the three lines as a run.
    assertThat(runs.subList(0, 4), is(List.of(KV.of(0, 0), KV.of(1, 0), KV.of(2, 0), KV.of(3, 0))));
    assertThat(runs.get(4).getValue(), is(3));
    assertThat(runs.size(), is(5));
  }
}
