package dev.streamtemplates.benchmarks.nativeflink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import dev.streamtemplates.pipelines.analytics.ActivityEvent;
import dev.streamtemplates.pipelines.analytics.AnalyticsOptions;
import dev.streamtemplates.pipelines.analytics.AnalyticsPipeline;
import dev.streamtemplates.pipelines.fraud.FraudOptions;
import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import dev.streamtemplates.pipelines.fraud.Transaction;
import dev.streamtemplates.testing.FixtureFiles;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.parse.RecordParser;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import dev.streamtemplates.transforms.time.EventTimes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The native-Flink baseline computes what the Beam pipelines compute: the same generated input
 * (malformed records, retransmitted duplicates, records out of order and late ones included) run
 * through the Beam pipeline on Flink embedded and through the native job gives the same output
 * records and the same dead letters.
 *
 * <p>Both sides run with an allowed lateness of an hour, longer than the generator's latest
 * record (10 min), so no record is too late on either side: which records a lateness of 300 s
 * dead-letters depends on how far each engine's watermark has got when the record comes, and the
 * engines move their watermarks at different moments. Everything else must agree exactly.
 */
public class NativeAgreementTest {
  private static final int EVENTS = 24_000;
  /** Slow enough for ten 1-minute windows. */
  private static final double ANALYTICS_RATE = 50;
  /** Busy enough for ordinary cards to fire VELOCITY by chance, besides the planted bursts. */
  private static final double FRAUD_RATE = 200;
  private static final long SEED = 7;
  private static final String START = "2026-03-01T00:00:00Z";
  private static final long ALLOWED_LATENESS_SEC = 3600;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void windowStatsAgreeWithTheBeamPipeline() throws Exception {
    SyntheticSpec spec = spec(ANALYTICS_RATE);
    assertInputIsMessy(
        AnalyticsPipeline.generator(), spec, ActivityEvent::parse, ActivityEvent::eventId);

    Path out = runBeam(spec, args -> AnalyticsPipeline.build(
        PipelineOptionsFactory.fromArgs(args).withValidation().as(AnalyticsOptions.class)),
        "--outputs=window-stats");
    StreamExecutionEnvironment env = NativeBench.environment(2);
    NativeWindowStats.build(env, spec, new CollectingSink());
    JobExecutionResult result = env.execute("native-window-stats");

    List<String> beamLines = FixtureFiles.readAllLines(out.resolve("window-stats"));
    List<String> flinkLines = CollectingSink.lines(result, NativeWindowStats.OUTPUT);
    Map<String, String> beam = finalPanes(beamLines);
    Map<String, String> flink = finalPanes(flinkLines);
    long events =
        beam.values().stream().mapToLong(s -> JsonFields.parse(s).get("events").asLong()).sum();
    System.out.printf("window-stats: %d windows, %d events; panes: Beam %d (%d late), native %d"
            + " (%d late)%n", beam.size(), events, beamLines.size(), latePanes(beamLines),
        flinkLines.size(), latePanes(flinkLines));
    assertThat("windows with events", beam.size(), greaterThanOrEqualTo(10));
    assertThat("events in the Beam windows", events, greaterThan(EVENTS * 9L / 10));
    // The input holds records later than the watermark's bound (assertInputIsMessy), and the
    // final panes must count them on both sides. Whether one comes as a LATE pane, after its
    // window's on-time pane, depends on how far each engine has moved its watermark when it
    // arrives: a timing outcome (0 to 2 of 17 windows here), so it is printed, not asserted.
    assertThat(flink, equalTo(beam));

    assertSameDeadLetters(
        FixtureFiles.readAllLines(out.resolve("dead-letter")),
        CollectingSink.lines(result, NativeWindowStats.DEAD_LETTER));
  }

  @Test
  public void velocityAlertsAgreeWithTheBeamPipeline() throws Exception {
    SyntheticSpec spec = spec(FRAUD_RATE);
    assertInputIsMessy(FraudPipeline.generator(), spec, Transaction::parse, Transaction::txnId);

    Path out = runBeam(spec, args -> FraudPipeline.build(
        PipelineOptionsFactory.fromArgs(args).withValidation().as(FraudOptions.class)),
        "--rules=VELOCITY");
    StreamExecutionEnvironment env = NativeBench.environment(2);
    NativeVelocity.build(env, spec, new CollectingSink());
    JobExecutionResult result = env.execute("native-velocity");

    List<String> beam = FixtureFiles.readAllLines(out.resolve("alerts"));
    List<String> flink = CollectingSink.sorted(CollectingSink.lines(result, NativeVelocity.OUTPUT));
    Set<String> cards = new HashSet<>();
    for (String alert : beam) {
      cards.add(JsonFields.parse(alert).get("cardId").textValue());
    }
    System.out.printf("velocity: %d alerts on %d cards from Beam, %d native%n",
        beam.size(), cards.size(), flink.size());
    // The generator plants a VELOCITY burst every 2,000 records (4 alerts); ordinary cards add a
    // few by chance.
    assertThat("VELOCITY alerts", beam.size(), greaterThan(4 * EVENTS / 2_000));
    assertThat("cards alerted", cards.size(), greaterThan(EVENTS / 2_000));
    assertThat(flink, equalTo(beam));

    assertSameDeadLetters(
        FixtureFiles.readAllLines(out.resolve("dead-letter")),
        CollectingSink.lines(result, NativeVelocity.DEAD_LETTER));
  }

  private static SyntheticSpec spec(double eventsPerSecond) {
    return new SyntheticSpec(
        eventsPerSecond, EVENTS, SEED, EventTimes.parse(START), ALLOWED_LATENESS_SEC);
  }

  /** The Beam pipeline on Flink embedded, reading the same synthetic records; its output folder. */
  private Path runBeam(SyntheticSpec spec, Function<String[], Pipeline> build,
      String... pipelineArgs) throws Exception {
    Path out = tmp.newFolder().toPath();
    List<String> args = new ArrayList<>(List.of(
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
        "--source=synthetic", "--replay=true",
        "--eventsPerSecond=" + spec.eventsPerSecond(), "--maxEvents=" + spec.events(),
        "--seed=" + spec.seed(), "--syntheticStartTime=" + START,
        "--allowedLatenessSec=" + spec.allowedLatenessSec(),
        "--sink=file", "--outputPath=" + out));
    args.addAll(List.of(pipelineArgs));
    long t0 = System.nanoTime();
    PipelineResult result = build.apply(args.toArray(new String[0])).run();
    assertThat(result.waitUntilFinish(), is(PipelineResult.State.DONE));
    System.out.printf("Beam run: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return out;
  }

  private static long latePanes(List<String> lines) {
    return lines.stream()
        .filter(line -> JsonFields.parse(line).get("timing").textValue().equals("LATE"))
        .count();
  }

  /**
   * Per window, its last pane without the pane fields: the window's final value. Beam adds early
   * panes the native job does not make, so only the final pane is comparable.
   */
  private static Map<String, String> finalPanes(List<String> lines) {
    Map<String, JsonNode> last = new TreeMap<>();
    for (String line : lines) {
      JsonNode stats = JsonFields.parse(line);
      last.merge(stats.get("windowStart").textValue(), stats,
          (a, b) -> a.get("paneIndex").asLong() >= b.get("paneIndex").asLong() ? a : b);
    }
    Map<String, String> values = new TreeMap<>();
    last.forEach((window, stats) -> {
      ObjectNode value = ((ObjectNode) stats).deepCopy();
      value.remove("timing");
      value.remove("paneIndex");
      values.put(window, value.toString());
    });
    return values;
  }

  /** The same records dead-lettered for the same reasons (processedAt is each run's clock). */
  private static void assertSameDeadLetters(List<String> beam, List<String> flink) {
    assertThat("dead letters", flink.size(), is(beam.size()));
    assertThat("dead letters", beam.size(), greaterThan(EVENTS / 200));
    assertThat(payloadsAndErrors(flink), equalTo(payloadsAndErrors(beam)));
  }

  private static List<String> payloadsAndErrors(List<String> deadLetters) {
    List<String> keys = new ArrayList<>();
    for (String line : deadLetters) {
      JsonNode letter = JsonFields.parse(line);
      keys.add(letter.get("payload").textValue() + " -> " + letter.get("error").textValue());
    }
    keys.sort(null);
    return keys;
  }

  /**
   * The comparison is only worth something if the input has what makes streaming hard: malformed
   * records, duplicates, records out of order and records later than the watermark's bound.
   */
  private static <T extends TimestampedRecord> void assertInputIsMessy(
      EventGenerator generator, SyntheticSpec spec, RecordParser<T> parser,
      Function<T, String> idOf) {
    SyntheticSource stream = new SyntheticSource(
        generator, spec.eventsPerSecond(), spec.events(), spec.seed(), spec.startMillis());
    long bound = generator.maxOutOfOrderness().getMillis();
    Set<String> ids = new HashSet<>();
    int malformed = 0;
    int duplicates = 0;
    int outOfOrder = 0;
    int late = 0;
    long newest = Long.MIN_VALUE;
    for (long i = 0; i < EVENTS; i++) {
      T record;
      try {
        record = parser.parse(JsonRecord.parse(generator.generate(i, stream).payload()));
      } catch (InvalidRecordException e) {
        malformed++;
        continue;
      }
      long time = record.eventTimeMillis();
      duplicates += ids.add(idOf.apply(record)) ? 0 : 1;
      outOfOrder += time < newest ? 1 : 0;
      late += time < stream.nominalTimeMillis(i) - bound ? 1 : 0;
      newest = Math.max(newest, time);
    }
    assertThat("malformed records", malformed, greaterThan(EVENTS / 200));
    assertThat("duplicates", duplicates, greaterThan(EVENTS / 1000));
    assertThat("records out of order", outOfOrder, greaterThan(EVENTS / 10));
    assertThat("records behind the watermark's bound", late, greaterThan(EVENTS / 1000));
    System.out.printf("input: %d malformed, %d duplicates, %d out of order, %d late%n",
        malformed, duplicates, outOfOrder, late);
  }
}
