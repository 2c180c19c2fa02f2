package dev.streamtemplates.benchmarks.latency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamtemplates.benchmarks.TrialReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/**
 * The whole benchmark, end to end, at one low rate for a short step: a real broker, the fraud
 * pipeline on embedded Flink in its own JVM, the producer and the alert listener. Asserts only
 * what holds however slow the machine is: alerts were matched to their transactions, latencies
 * are positive and ordered, and the result lines are well formed.
 */
public class LatencyBenchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  public void alertsAreMatchedToTheirTransactionsAndLatenciesAreOrdered() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LatencyBench.Outcome outcome;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      outcome = LatencyBench.run(out, "--rates=200", "--stepSec=12", "--headSec=3",
          "--warmupSec=0", "--drainSec=30", "--pipelineJvmArgs=-Xmx1g");
    }

    assertThat(outcome.steps(), hasSize(1));
    StepResult step = outcome.steps().get(0);
    assertThat("generated transactions' alerts matched", step.alertLatenciesMs().length, greaterThan(0));
    assertThat("probes answered", step.probesAnswered, greaterThan(0));
    long p50 = step.alertPercentileMs(50);
    long p95 = step.alertPercentileMs(95);
    long p99 = step.alertPercentileMs(99);
    assertThat(p50, greaterThan(0L));
    assertThat(p50, lessThanOrEqualTo(p95));
    assertThat(p95, lessThanOrEqualTo(p99));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines, hasSize(2));
    lines.forEach(line -> assertThat(line, startsWith(TrialReport.PREFIX)));
    JsonNode result = JSON.readTree(lines.get(0).substring(TrialReport.PREFIX.length()));
    assertThat(result.get("workload").asText(), is("fraud-latency"));
    assertThat(result.get("runner").asText(), is("flink-embedded"));
    assertThat(result.get("rate").asDouble(), is(200.0));
    assertThat(result.get("p50Ms").asLong(), is(p50));
    assertThat(result.get("p99Ms").asLong(), is(p99));
    assertThat(result.get("alerts").asInt(), is(step.alertLatenciesMs().length));
    assertThat(result.get("keptUp").isBoolean(), is(true));
    JsonNode summary = JSON.readTree(lines.get(1).substring(TrialReport.PREFIX.length()));
    assertThat(summary.get("workload").asText(), is("fraud-latency-summary"));
    assertThat(summary.has("maxSustainedRate"), is(true));
  }
}
