package dev.streamtemplates.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.rules.TemporaryFolder;

/**
 * A whole pipeline between two Kafka topics on a real broker, in streaming mode, checked against
 * the same fixture's {@code --source=file} run: the fixture is produced in shuffled order over
 * three partitions, the pipeline reads it, and every output topic must end up holding exactly
 * the file run's records (dead letters: the same payloads and errors).
 *
 * <p>The fixture's dates are moved to four days ago, whole days so windows stay aligned: the
 * watermark of a caught-up Kafka source advances to the clock minus the allowed disorder (1 day),
 * which then closes every window of the fixture whatever today's date. The allowed disorder
 * covers the fixture's shuffle (the fraud fixture spans four hours), so nothing is late; early
 * panes are pushed out of reach, so every record is the final one, as in a file run.
 */
public final class KafkaRuns {
  private static final Pattern ISO_TIME = Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z)\"");
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final String DEDUP_HORIZON = "--dedupHorizonSec=86400";
  private static KafkaBroker broker;
  private static int runs;

  private KafkaRuns() {}

  /** One broker for the whole test JVM, stopped when it exits. */
  public static synchronized KafkaBroker broker() {
    if (broker == null) {
      broker = KafkaBroker.start();
    }
    return broker;
  }

  /** Flags for a streaming run on each runner that returns from run() at once. */
  public static final String DIRECT = "--runner=DirectRunner --blockOnRun=false";
  public static final String FLINK =
      "--runner=FlinkRunner --flinkMaster=[local] --parallelism=2 --streaming=true --attachedMode=false";

  public static void assertSameAsFileRun(
      TemporaryFolder tmp,
      String pipelineName,
      List<String> fixture,
      List<String> outputs,
      String runnerFlags,
      Function<String[], Pipeline> build,
      String... pipelineArgs)
      throws Exception {
    List<String> input = movedToFourDaysAgo(fixture);
    // A day of duplicate memory in both runs: the fraud fixture's resend comes 30 min after its
    // original, beyond the default 10 min, and whether an id is still remembered then depends on
    // how far the watermark has moved when the copy is read, which differs between runs (a
    // bounded Direct run was seen to move it before the end of its input).
    FileRuns.Outcome expected = FileRuns.run(
        tmp, pipelineName, input, false, "--runner=DirectRunner " + DEDUP_HORIZON, build);

    KafkaBroker kafka = broker();
    String run = pipelineName + "-" + (++runs);
    String inputTopic = run + "-in";
    String outputTopic = run + "-out";
    String deadLetterTopic = run + "-bad";
    kafka.createTopic(inputTopic, 3);
    for (String output : outputs) {
      kafka.createTopic(outputTopic + "-" + output, 2);
    }
    kafka.createTopic(deadLetterTopic, 1);
    List<String> shuffled = new ArrayList<>(input);
    Collections.shuffle(shuffled, new Random(7));
    List<java.util.Map.Entry<String, String>> records = new ArrayList<>();
    for (String line : shuffled) {
      records.add(new java.util.AbstractMap.SimpleEntry<>(null, line));
    }
    int[] next = {0};
    kafka.produce(inputTopic, records, r -> next[0]++ % 3);

    List<String> args = new ArrayList<>(List.of(
        "--source=kafka", "--kafkaBootstrapServers=" + kafka.bootstrapServers(),
        "--inputTopic=" + inputTopic, "--startOffset=earliest", "--maxOutOfOrdernessSec=86400",
        "--sink=kafka", "--outputTopic=" + outputTopic, "--deadLetterTopic=" + deadLetterTopic,
        "--earlyFiringSec=86400", DEDUP_HORIZON));
    Collections.addAll(args, runnerFlags.split(" "));
    Collections.addAll(args, pipelineArgs);
    PipelineResult result = build.apply(args.toArray(new String[0])).run();
    try {
      long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
      for (String output : outputs) { // wait until every output has what the file run wrote
        String topic = topicOf(output, outputTopic, deadLetterTopic);
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        try {
          kafka.consumeAll(topic, expected.lines(output).size(), left);
        } catch (AssertionError tooFew) {
          break; // the comparison below shows what is missing
        }
      }
      Thread.sleep(SETTLE.toMillis()); // then give anything extra the time to show up
      for (String output : outputs) {
        String topic = topicOf(output, outputTopic, deadLetterTopic);
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.consumeAll(topic)) {
          assertThat("key of a record on " + topic, record.key(), notNullValue());
          values.add(record.value());
        }
        List<String> want = expected.lines(output);
        if (output.equals("dead-letter")) {
          assertThat(topic, withoutProcessedAt(values), is(withoutProcessedAt(want)));
        } else {
          assertThat(topic, FileRuns.sorted(values), is(want));
        }
      }
    } finally {
      result.cancel();
      // Wait for it to stop: a cancelled run still working would compete with the next test.
      try {
        result.waitUntilFinish(org.joda.time.Duration.standardSeconds(60));
      } catch (IllegalStateException flinkMiniClusterAlreadyGone) {
        // an embedded Flink job shuts its mini cluster down as it is cancelled: it has stopped
      }
    }
  }

  private static String topicOf(String output, String outputTopic, String deadLetterTopic) {
    return output.equals("dead-letter") ? deadLetterTopic : outputTopic + "-" + output;
  }

  /** Dead letters compared by pipeline, error and payload: processedAt is the wall clock. */
  private static List<String> withoutProcessedAt(List<String> letters) {
    List<String> out = new ArrayList<>();
    for (String letter : letters) {
      JsonNode json = JsonFields.parse(letter);
      out.add(json.get("pipeline").textValue() + " | " + json.get("error").textValue() + " | "
          + json.get("payload").textValue());
    }
    Collections.sort(out);
    return out;
  }

  /** Every ISO-8601 UTC timestamp moved by whole days so that 2026-11-23 becomes four days ago. */
  static List<String> movedToFourDaysAgo(List<String> lines) {
    long shift = ChronoUnit.DAYS.between(LocalDate.parse("2026-11-23"), LocalDate.now(ZoneOffset.UTC).minusDays(4));
    List<String> moved = new ArrayList<>();
    for (String line : lines) {
      Matcher m = ISO_TIME.matcher(line);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String day = LocalDate.parse(m.group(1)).plusDays(shift).toString();
        m.appendReplacement(out, Matcher.quoteReplacement("\"" + day + "T" + m.group(2) + "\""));
      }
      m.appendTail(out);
      moved.add(out.toString());
    }
    return moved;
  }
}
