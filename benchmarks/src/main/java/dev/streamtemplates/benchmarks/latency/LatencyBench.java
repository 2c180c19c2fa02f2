package dev.streamtemplates.benchmarks.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamtemplates.benchmarks.TrialReport;
import dev.streamtemplates.io.kafka.KafkaSink;
import dev.streamtemplates.pipelines.fraud.ComputeFraud;
import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import dev.streamtemplates.testing.ChildProcesses;
import dev.streamtemplates.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Event-to-alert latency of the fraud pipeline on embedded Flink, through a real Kafka broker, at
 * rising fixed input rates; the highest rate it keeps up with is the result. See {@code
 * package-info.java} for what is measured and how.
 *
 * <pre>
 * java -cp "$(cat target/bench.classpath):target/classes" &lt;Flink's --add-opens&gt; \
 *     dev.streamtemplates.benchmarks.latency.LatencyBench --rates=500,1000,2000,4000 --stepSec=40
 * </pre>
 *
 * <p>Prints one {@code BENCH-RESULT} line per step on stdout, then a summary line; progress on
 * stderr.
 */
public final class LatencyBench {
  static final String WORKLOAD = "fraud-latency";
  private static final long SETTLE_MILLIS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUIET_KAFKA = "org.slf4j.simpleLogger.log.org.apache.kafka";

  private final LatencySettings settings;
  private final PrintStream out;
  private final PrintStream log;

  /** What a run found: each step measured, in order, and the highest rate kept up with. */
  record Outcome(List<StepResult> steps, Double maxSustainedRate) {}

  private LatencyBench(LatencySettings settings, PrintStream out, PrintStream log) {
    this.settings = settings;
    this.out = out;
    this.log = log;
  }

  public static void main(String[] args) {
    LatencySettings settings;
    try {
      settings = LatencySettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new LatencyBench(settings, System.out, System.err).run();
  }

  /** Runs the whole benchmark as {@code args} say; result lines go to {@code out}. */
  static Outcome run(PrintStream out, String... args) {
    return new LatencyBench(LatencySettings.parse(args), out, System.err).run();
  }

  private Outcome run() {
    // Kafka clients log every configuration they start with; only their warnings are news here.
    if (System.getProperty(QUIET_KAFKA) == null) {
      System.setProperty(QUIET_KAFKA, "warn");
    }
    Path dir = tempDir();
    boolean ok = false;
    KafkaBroker broker = settings.kafkaBootstrapServers == null ? KafkaBroker.start() : null;
    try {
      String servers = broker != null ? broker.bootstrapServers() : settings.kafkaBootstrapServers;
      String prefix = WORKLOAD + "-" + System.currentTimeMillis();
      String inputTopic = prefix + "-in";
      String outputTopic = prefix + "-out";
      String alertsTopic = outputTopic + "-" + ComputeFraud.ALERTS;
      createTopics(servers, Map.of(inputTopic, 3, alertsTopic, 2,
          outputTopic + "-" + KafkaSink.DEAD_LETTER, 1));
      Map<String, String> pipelineOptions = pipelineOptions(servers, inputTopic, outputTopic);
      log.printf("[latency] broker %s, topics %s-*, pipeline %s, log in %s%n", servers, prefix,
          pipelineOptions, dir);
      Outcome outcome = measure(dir, servers, inputTopic, alertsTopic, pipelineOptions);
      ok = true;
      return outcome;
    } finally {
      if (broker != null) {
        broker.close();
      }
      if (ok) {
        ChildProcesses.deleteRecursively(dir);
      } else {
        log.println("[latency] the pipeline's log stays in " + dir);
      }
    }
  }

  private Outcome measure(Path dir, String servers, String inputTopic, String alertsTopic,
      Map<String, String> pipelineOptions) {
    SentLedger ledger = new SentLedger();
    List<String> args = new ArrayList<>();
    pipelineOptions.forEach((name, value) -> args.add("--" + name + "=" + value));
    try (PipelineProcess pipeline = PipelineProcess.start(dir, settings.pipelineJvmArgs, args);
        AlertListener listener = AlertListener.start(servers, alertsTopic, ledger);
        TransactionFeed feed = new TransactionFeed(servers, inputTopic, FraudPipeline.generator(),
            settings.seed, settings.probesPerSec, ledger)) {
      Runnable check = () -> {
        pipeline.checkAlive();
        listener.checkAlive();
      };
      long started = System.nanoTime();
      if (!feed.probeUntil(() -> ledger.probeAnswers() > 0,
          TimeUnit.SECONDS.toNanos(settings.startTimeoutSec), check)) {
        throw new IllegalStateException("no alert from the pipeline within "
            + settings.startTimeoutSec + " s of its start" + ChildProcesses.logTail(pipeline.log()));
      }
      log.printf("[latency] pipeline (pid %d) answering after %d s%n", pipeline.pid(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      if (settings.warmupSec > 0) {
        StepResult warmup = step(feed, ledger, settings.warmupRate(), 0, settings.warmupSec, check);
        log.println("[latency] warm-up " + warmup);
      }

      Map<String, Object> fields = resultFields(pipelineOptions);
      List<StepResult> steps = new ArrayList<>();
      Double maxSustained = null;
      for (double rate : settings.rates) {
        StepResult result = step(feed, ledger, rate, settings.headSec, settings.stepSec, check);
        steps.add(result);
        out.println(result.line(fields));
        out.flush();
        log.println("[latency] step " + result);
        if (!result.keptUp()) {
          break;
        }
        maxSustained = maxSustained == null ? rate : Math.max(maxSustained, rate);
      }
      ObjectNode summary = JSON.createObjectNode();
      summary.put("workload", WORKLOAD + "-summary");
      fields.forEach((k, v) -> {
        if (!k.equals("workload")) {
          summary.set(k, JSON.valueToTree(v));
        }
      });
      summary.put("maxSustainedRate", maxSustained);
      summary.set("ratesTried", JSON.valueToTree(steps.stream().map(s -> s.rate).toList()));
      StepResult last = steps.get(steps.size() - 1);
      summary.put("firstRateNotSustained", last.keptUp() ? null : last.rate);
      summary.put("alertsAfterDrain", ledger.alertsAfterDrain());
      out.println(TrialReport.PREFIX + summary);
      out.flush();
      return new Outcome(List.copyOf(steps), maxSustained);
    }
  }

  /**
   * Head (settling, unmeasured), window (measured), tail (unmeasured, see {@link
   * LatencySettings#tailSec}), then a pause in production until every probe of the window is
   * answered or the drain time is up, so no backlog carries into the next step.
   */
  private StepResult step(TransactionFeed feed, SentLedger ledger, double rate, long headSec,
      long windowSec, Runnable check) {
    StepRecord record = new StepRecord(rate);
    feed.run(rate, TimeUnit.SECONDS.toNanos(headSec), TimeUnit.SECONDS.toNanos(windowSec),
        TimeUnit.SECONDS.toNanos(settings.tailSec()), record, check);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSec);
    while (!record.allProbesAnswered() && System.nanoTime() < deadline) {
      check.run();
      ChildProcesses.sleep(100);
    }
    if (record.allProbesAnswered()) {
      ChildProcesses.sleep(SETTLE_MILLIS); // generated transactions sent after the last probe
    }
    ledger.clear();
    return StepResult.of(record, settings.maxGrowthMs);
  }

  /** The harness's fixed options, then the ones given on the command line (which win). */
  private Map<String, String> pipelineOptions(String servers, String inputTopic, String outputTopic) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("runner", "FlinkRunner");
    options.put("flinkMaster", "[local]");
    options.put("parallelism", "2");
    options.putAll(settings.pipelineOptions);
    options.put("streaming", "true");
    options.put("source", "kafka");
    options.put("sink", "kafka");
    options.put("kafkaBootstrapServers", servers);
    options.put("inputTopic", inputTopic);
    options.put("outputTopic", outputTopic);
    options.put("startOffset", "earliest");
    options.put("maxOutOfOrdernessSec", Long.toString(settings.maxOutOfOrdernessSec));
    return options;
  }

  private Map<String, Object> resultFields(Map<String, String> pipelineOptions) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("workload", WORKLOAD);
    String master = pipelineOptions.get("flinkMaster");
    fields.put("runner", "[local]".equals(master) || "[auto]".equals(master)
        ? "flink-embedded" : "flink-" + master);
    fields.put("parallelism", Integer.parseInt(pipelineOptions.get("parallelism")));
    fields.put("maxOutOfOrdernessSec", settings.maxOutOfOrdernessSec);
    fields.put("stepSec", settings.stepSec);
    fields.put("probesPerSec", settings.probesPerSec);
    fields.put("pipelineOptions", settings.pipelineOptions); // given on the command line
    return fields;
  }

  private static void createTopics(String servers, Map<String, Integer> partitions) {
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    try (Admin admin = Admin.create(config)) {
      List<NewTopic> topics = new ArrayList<>();
      partitions.forEach((name, count) -> topics.add(new NewTopic(name, count, (short) 1)));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) { // until every partition has a leader, or the first sends fail
        try {
          Map<String, TopicDescription> described =
              admin.describeTopics(partitions.keySet()).allTopicNames().get(30, TimeUnit.SECONDS);
          if (described.values().stream().allMatch(
              t -> t.partitions().stream().allMatch(p -> p.leader() != null))) {
            return;
          }
        } catch (ExecutionException notYet) {
          // the broker has not applied the new topics' metadata yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics " + partitions.keySet() + " have no leaders after 30 s");
        }
        ChildProcesses.sleep(100);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + partitions.keySet() + " on "
          + servers + ": " + (e.getCause() != null ? e.getCause() : e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory(WORKLOAD + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
