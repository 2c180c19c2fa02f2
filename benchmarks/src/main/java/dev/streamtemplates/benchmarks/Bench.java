package dev.streamtemplates.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code make bench}: every pipeline on every runner, the native-Flink baseline, the memory runs,
 * the Direct runner's keep-up check and the Kafka latency run; figures into {@code
 * docs/benchmarks/results.json}, from which {@code docs/BENCHMARKS.md} and {@code
 * docs/benchmarks/throughput.png} are regenerated. A narrowed run ({@code --pipelines},
 * {@code --runners}, {@code --parts}) replaces only the figures it measured.
 *
 * <pre>
 * Bench [--pipelines=analytics,fraud,iot,recommendations] [--runners=direct,flink]
 *       [--parts=throughput,baseline,memory,keepup,latency] [--events=N] [--reps=3]
 *       [--docs=docs] [--heap=2g] [--scale=1.0]
 * </pre>
 *
 * {@code --scale} multiplies every default event count (the smoke test runs with a tiny one).
 * Parts follow the narrowing: the baseline, memory and latency runs are on Flink, the keep-up
 * check on Direct; the baseline compares analytics' window-stats and fraud's VELOCITY rule.
 */
public final class Bench {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The start of event time in every run, so runs repeat exactly. */
  static final String START = "2026-01-01T00:00:00Z";
  /** Event-time density of every synthetic run: the generators' default rate. */
  static final int EVENT_TIME_RATE = 200;

  static final Map<String, List<String>> RUNNER_FLAGS =
      Map.of(
          "direct", List.of("--runner=DirectRunner"),
          "flink", List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));

  /**
   * Events per trial, sized to run for 20 to 40 s after start-up on the 2-core machine of
   * docs/BENCHMARKS.md (measured 2026-11-24, after ShardedCombine and ParseJson's runs).
   */
  static final Map<String, Long> EVENTS =
      Map.of(
          "analytics/direct", 5_000L,
          "fraud/direct", 6_500L,
          "iot/direct", 5_000L,
          "recommendations/direct", 5_500L,
          "analytics/flink", 200_000L,
          "fraud/flink", 500_000L,
          "iot/flink", 150_000L,
          "recommendations/flink", 120_000L);

  static final Map<String, Long> BASELINE_EVENTS =
      Map.of(
          "window-stats/native", 5_000_000L,
          "window-stats/beam", 600_000L,
          "velocity/native", 3_000_000L,
          "velocity/beam", 600_000L);

  /**
   * The second sizes of the baseline, for its rate once warmed up: Beam, which takes longer to
   * reach its full rate, three times its first run; the native job a fifth of its own (already
   * several times Beam's, and warmed up sooner). The gap must be long next to the runs' spread:
   * with 0.4 the native window-stats' extra 3,000,000 events took 9 to 14 s in different runs.
   */
  static final int BEAM_LONG_FACTOR = 3;

  static final double NATIVE_SHORT_FACTOR = 0.2;

  /** The memory runs: fraud and iot on Flink, this many events and ten times as many. */
  static final Map<String, Long> MEMORY_EVENTS = Map.of("fraud", 200_000L, "iot", 60_000L);

  /**
   * The memory runs forget a card or device after less event time than the short run lasts
   * (1,000 s and 300 s at 200 events/s), so that the ten-times-longer run shows whether the
   * timers clear state. With the defaults (a day, an hour) nothing is forgotten within either
   * run and state grows with the cards and devices seen, up to the generators' fleets.
   */
  static final Map<String, List<String>> MEMORY_ARGS =
      Map.of("fraud", List.of("--cardInactivitySec=600"), "iot", List.of("--deviceInactivitySec=240"));

  /**
   * How much longer than its schedule a paced run's reading may take and still keep up: the read
   * counter is sampled every 250 ms and committed with each bundle, so runs that keep pace end
   * within about half a second of it, while a pipeline slower than the source falls further
   * behind with every second (at 200 events/s iot's reading took 45.8 s for 40 s). A run may
   * fall behind for a moment and catch up (a collection, a burst of panes): the most it was
   * behind is reported beside the verdict.
   */
  static final double KEEP_UP_SLACK_SEC = 2.0;

  record Plan(
      List<String> pipelines,
      List<String> runners,
      List<String> parts,
      Long events,
      int reps,
      Path docs,
      String heap,
      double scale) {

    static Plan parse(String[] args) {
      Map<String, String> opts = new LinkedHashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=")) {
          throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
        }
        opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      List<String> known = List.of("pipelines", "runners", "parts", "events", "reps", "docs", "heap", "scale");
      for (String name : opts.keySet()) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
        }
      }
      Plan plan =
          new Plan(
              list(opts.getOrDefault("pipelines", String.join(",", Workloads.names()))),
              list(opts.getOrDefault("runners", "direct,flink")),
              list(opts.getOrDefault("parts", "throughput,baseline,memory,keepup,latency")),
              opts.containsKey("events") ? Long.parseLong(opts.get("events")) : null,
              Integer.parseInt(opts.getOrDefault("reps", "3")),
              Path.of(opts.getOrDefault("docs", "docs")),
              opts.getOrDefault("heap", "2g"),
              Double.parseDouble(opts.getOrDefault("scale", "1")));
      plan.pipelines.forEach(Workloads::named);
      for (String runner : plan.runners) {
        if (!RUNNER_FLAGS.containsKey(runner)) {
          throw new IllegalArgumentException(
              "unknown runner '" + runner + "'; the bench runs " + RUNNER_FLAGS.keySet());
        }
      }
      for (String part : plan.parts) {
        if (!List.of("throughput", "baseline", "memory", "keepup", "latency").contains(part)) {
          throw new IllegalArgumentException("unknown part '" + part + "'");
        }
      }
      if (plan.reps < 1) {
        throw new IllegalArgumentException("--reps must be >= 1");
      }
      return plan;
    }

    private static List<String> list(String csv) {
      List<String> items = new ArrayList<>();
      for (String item : csv.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return items;
    }

    long events(Map<String, Long> defaults, String key) {
      return events != null ? events : Math.max(100, Math.round(defaults.get(key) * scale));
    }
  }

  private final Plan plan;
  private final Trials trials;
  private final ObjectNode results;

  Bench(Plan plan, ObjectNode results) {
    this.plan = plan;
    this.results = results;
    this.trials = new Trials(Path.of("target", "bench-logs"), plan.heap, 3_600);
  }

  public static void main(String[] args) throws Exception {
    Plan plan;
    try {
      plan = Plan.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    run(plan);
  }

  /** Runs the plan and rewrites the results, the page and the chart; returns the results. */
  static ObjectNode run(Plan plan) throws Exception {
    Path store = plan.docs.resolve("benchmarks").resolve("results.json");
    ObjectNode results =
        Files.exists(store) ? (ObjectNode) JSON.readTree(store.toFile()) : JSON.createObjectNode();
    results.set("machine", JSON.valueToTree(Machine.describe()));
    Bench bench = new Bench(plan, results);
    for (String part : plan.parts) {
      switch (part) {
        case "throughput" -> bench.throughput();
        case "baseline" -> bench.baseline();
        case "memory" -> bench.memory();
        case "keepup" -> bench.keepUp();
        case "latency" -> bench.latency();
        default -> throw new IllegalStateException(part);
      }
      Files.createDirectories(store.getParent());
      results.put("updated", Instant.now().toString());
      JSON.writeValue(store.toFile(), results);
      BenchReport.write(results, plan.docs.resolve("BENCHMARKS.md"));
      BenchChart.write(results, plan.docs.resolve("benchmarks").resolve("throughput.png"));
    }
    return results;
  }

  static List<String> syntheticArgs(long events) {
    return List.of(
        "--source=synthetic", "--replay=true", "--maxEvents=" + events,
        "--eventsPerSecond=" + EVENT_TIME_RATE, "--seed=42", "--syntheticStartTime=" + START,
        "--sink=count");
  }

  private ObjectNode section(String name) {
    if (!results.has(name)) {
      results.set(name, JSON.createObjectNode());
    }
    return (ObjectNode) results.get(name);
  }

  private static void progress(String message) {
    System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
  }

  /** {@code reps} trials of one command; the entry keeps each trial's figures and the command. */
  private ObjectNode repeat(String label, String mainClass, List<String> args, List<String> jvmFlags)
      throws Exception {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("command", String.join(" ", args));
    ArrayNode runs = entry.putArray("trials");
    for (int rep = 1; rep <= plan.reps; rep++) {
      JsonNode trial = trials.run(label + "-" + rep, jvmFlags, mainClass, args).get(0);
      runs.add(trial);
      progress(String.format("%s #%d: %,d events in %.1f s = %,d events/s, %.1f CPU s, peak RSS %d MB",
          label, rep, trial.path("events").asLong(), trial.path("seconds").asDouble(),
          trial.path("eventsPerSec").asLong(), trial.path("cpuSec").asDouble(),
          trial.path("peakRssMb").asLong()));
    }
    entry.put("date", Instant.now().toString());
    return entry;
  }

  private void throughput() throws Exception {
    for (String pipeline : plan.pipelines) {
      for (String runner : plan.runners) {
        long events = plan.events(EVENTS, pipeline + "/" + runner);
        List<String> args = new ArrayList<>(List.of(pipeline));
        args.addAll(RUNNER_FLAGS.get(runner));
        args.addAll(syntheticArgs(events));
        ObjectNode entry = repeat(pipeline + "-" + runner, BeamTrial.class.getName(), args, List.of());
        entry.put("pipeline", pipeline);
        entry.put("runner", runner);
        section("throughput").set(pipeline + "/" + runner, entry);
      }
    }
  }

  private void baseline() throws Exception {
    String nativeMain = "dev.streamtemplates.benchmarks.nativeflink.NativeBench";
    Map<String, List<String>> beamJobs =
        Map.of(
            "window-stats", List.of("analytics", "--outputs=window-stats"),
            "velocity", List.of("fraud", "--rules=VELOCITY"));
    if (!plan.runners.contains("flink")) {
      return; // a comparison on Flink
    }
    Map<String, String> pipelineOf = Map.of("window-stats", "analytics", "velocity", "fraud");
    for (String workload : List.of("window-stats", "velocity")) {
      if (!plan.pipelines.contains(pipelineOf.get(workload))) {
        continue;
      }
      long nativeEvents = plan.events(BASELINE_EVENTS, workload + "/native");
      ObjectNode nativeEntry =
          repeat("native-" + workload, nativeMain, nativeArgs(workload, nativeEvents), List.of());
      long beamEvents = plan.events(BASELINE_EVENTS, workload + "/beam");
      ObjectNode beamEntry =
          repeat("beam-" + workload, BeamTrial.class.getName(),
              beamArgs(beamJobs.get(workload), beamEvents), List.of());
      ObjectNode pair = JSON.createObjectNode();
      pair.set("native", nativeEntry);
      pair.set("beam", beamEntry);
      // Once warmed up: a second size for each side, and the rate between the two.
      long nativeShort = Math.max(1, Math.round(nativeEvents * NATIVE_SHORT_FACTOR));
      ObjectNode nativeShortEntry =
          repeat("native-" + workload + "-short", nativeMain, nativeArgs(workload, nativeShort),
              List.of());
      ObjectNode beamLongEntry =
          repeat("beam-" + workload + "-long", BeamTrial.class.getName(),
              beamArgs(beamJobs.get(workload), beamEvents * BEAM_LONG_FACTOR), List.of());
      pair.set("nativeShort", nativeShortEntry);
      pair.set("beamLong", beamLongEntry);
      pair.put("nativeWarmEventsPerSec", marginalRate(nativeShortEntry, nativeEntry));
      pair.put("beamWarmEventsPerSec", marginalRate(beamEntry, beamLongEntry));
      if (workload.equals("window-stats")) {
        // Both counted as read (ReadMarks): window-stats' Beam steps, without the output's
        // formatting, against the native job's longer runs.
        ObjectNode stepsEntry =
            repeat("beam-window-stats-steps", WindowStatsSteps.class.getName(),
                beamArgs(List.of("--steps=" + String.join(",", WindowStatsSteps.STEPS)),
                    beamEvents * BEAM_LONG_FACTOR),
                List.of());
        pair.set("beamSteps", stepsEntry);
        pair.put("nativeReadEventsPerSec",
            Math.round(BenchReport.median(nativeEntry, "steadyEventsPerSec")));
        pair.put("beamStepsReadEventsPerSec",
            Math.round(BenchReport.median(stepsEntry, "steadyEventsPerSec")));
      }
      section("baseline").set(workload, pair);
      progress(String.format("%s: Beam on Flink / native Flink = %.3f; once warmed up %,d / %,d = %.3f",
          workload,
          BenchReport.median(beamEntry, "eventsPerSec") / BenchReport.median(nativeEntry, "eventsPerSec"),
          pair.path("beamWarmEventsPerSec").asLong(), pair.path("nativeWarmEventsPerSec").asLong(),
          pair.path("beamWarmEventsPerSec").asDouble() / pair.path("nativeWarmEventsPerSec").asDouble()));
    }
  }

  /** A native-Flink baseline trial's arguments: the workload on {@code events} records. */
  private static List<String> nativeArgs(String workload, long events) {
    return List.of(workload, "--events=" + events, "--parallelism=2",
        "--eventsPerSecond=" + EVENT_TIME_RATE, "--seed=42", "--syntheticStartTime=" + START);
  }

  /** A Beam baseline trial's arguments: the pipeline restricted to the workload, on Flink. */
  private static List<String> beamArgs(List<String> job, long events) {
    List<String> args = new ArrayList<>(job);
    args.addAll(RUNNER_FLAGS.get("flink"));
    args.addAll(syntheticArgs(events));
    return args;
  }

  /**
   * Events per second between two run sizes (the extra events over the extra median time): the
   * rate once started and warmed up, which the whole-run figure mixes with start-up and warm-up.
   * -1 when the longer run was not measurably longer (tiny smoke-test runs).
   */
  static long marginalRate(JsonNode shorter, JsonNode longer) {
    double extraEvents = BenchReport.events(longer) - BenchReport.events(shorter);
    double extraSeconds = BenchReport.median(longer, "seconds") - BenchReport.median(shorter, "seconds");
    return extraEvents > 0 && extraSeconds > 0.5 ? Math.round(extraEvents / extraSeconds) : -1;
  }

  private void memory() throws Exception {
    for (String pipeline : List.of("fraud", "iot")) {
      if (!plan.pipelines.contains(pipeline) || !plan.runners.contains("flink")) {
        continue;
      }
      ObjectNode pair = JSON.createObjectNode();
      for (int factor : new int[] {1, 10}) {
        long events = plan.events(MEMORY_EVENTS, pipeline) * factor;
        List<String> args = new ArrayList<>(List.of(pipeline));
        args.addAll(RUNNER_FLAGS.get("flink"));
        args.addAll(syntheticArgs(events));
        args.addAll(MEMORY_ARGS.get(pipeline));
        JsonNode trial =
            trials.run(pipeline + "-memory-x" + factor,
                List.of("-D" + HeapSampler.PROPERTY + "=2"), BeamTrial.class.getName(), args).get(0);
        ((ObjectNode) trial).put("command", String.join(" ", args));
        pair.set("x" + factor, trial);
        progress(String.format("%s memory x%d: %,d events, max live heap %d MB",
            pipeline, factor, events, trial.path("maxLiveHeapMb").asLong()));
      }
      pair.put("options", String.join(" ", MEMORY_ARGS.get(pipeline)));
      section("memory").set(pipeline, pair);
    }
  }

  /**
   * make run's default: 6,000 events at 100/s on Direct. It keeps up if its reading ends within
   * {@link #KEEP_UP_SLACK_SEC} of the source's schedule ({@link ReadProgress}); the start-up, the
   * most the reading was behind and the end-of-input flush are reported beside it.
   */
  private void keepUp() throws Exception {
    if (!plan.runners.contains("direct")) {
      return;
    }
    for (String pipeline : plan.pipelines) {
      long events = Math.max(100, Math.round(6_000 * Math.min(1.0, plan.scale)));
      List<String> args = new ArrayList<>(List.of(pipeline));
      args.addAll(RUNNER_FLAGS.get("direct"));
      args.addAll(
          List.of("--maxEvents=" + events, "--eventsPerSecond=100", "--sink=count", "--blockOnRun=false"));
      JsonNode trial =
          trials
              .run(pipeline + "-keepup", List.of("-D" + ReadProgress.PROPERTY + "=250"),
                  BeamTrial.class.getName(), args)
              .get(0);
      ObjectNode entry = JSON.createObjectNode();
      double due = events / 100.0;
      double behind = trial.path("maxBehindSec").asDouble();
      boolean keptUp = trial.path("readingSec").asDouble() <= due + KEEP_UP_SLACK_SEC;
      entry.put("events", events);
      entry.put("rate", 100);
      entry.put("dueSeconds", due);
      entry.put("seconds", trial.path("seconds").asDouble());
      for (String figure : List.of("firstReadSec", "readingSec", "maxBehindSec", "afterLastReadSec")) {
        entry.put(figure, trial.path(figure).asDouble());
      }
      entry.put("keptUp", keptUp);
      entry.set("trial", trial);
      section("keepup").set(pipeline, entry);
      progress(String.format(
          "%s on Direct at 100 events/s: %,d events read in %.1f s (due %.0f s, at most %.1f s"
              + " behind), %.1f s to start, %.1f s after the last record, %.1f s in all: %s",
          pipeline, events, trial.path("readingSec").asDouble(), due, behind,
          trial.path("firstReadSec").asDouble(), trial.path("afterLastReadSec").asDouble(),
          trial.path("seconds").asDouble(), keptUp ? "keeps up" : "FALLS BEHIND"));
    }
  }

  private void latency() throws Exception {
    if (!plan.pipelines.contains("fraud") || !plan.runners.contains("flink")) {
      return; // fraud on Flink embedded, through Kafka
    }
    String main = "dev.streamtemplates.benchmarks.latency.LatencyBench";
    List<String> args = plan.scale < 1 ? List.of("--rates=200", "--stepSec=15") : List.of();
    List<JsonNode> lines = trials.run("fraud-latency", List.of(), main, args);
    ObjectNode entry = JSON.createObjectNode();
    ArrayNode steps = entry.putArray("steps");
    for (JsonNode line : lines) {
      if (line.path("workload").asText().endsWith("-summary")) {
        entry.set("summary", line);
      } else {
        steps.add(line);
      }
    }
    entry.put("command", String.join(" ", args));
    entry.put("date", Instant.now().toString());
    results.set("latency", entry);
  }
}
