package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.benchmarks.ReadMarks;
import dev.streamtemplates.benchmarks.TrialReport;
import dev.streamtemplates.transforms.time.EventTimes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One trial of a native-Flink workload on an embedded (local) Flink, output counted not kept:
 *
 * <pre>
 * NativeBench &lt;window-stats|velocity&gt; --events=N [--eventsPerSecond=200] [--seed=42]
 *     [--parallelism=2] [--syntheticStartTime=2026-01-01T00:00:00Z] [--allowedLatenessSec=300]
 * </pre>
 *
 * Prints one {@link TrialReport} line, with the reading followed as it happens ({@link
 * ReadMarks}: {@code steadyEventsPerSec}, the rate once warmed up). The synthetic records are those
 * of the Beam run with {@code --source=synthetic --replay=true} and the same rate, count, seed and
 * start.
 */
public final class NativeBench {
  private static final List<String> WORKLOADS = List.of("window-stats", "velocity");

  private NativeBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !WORKLOADS.contains(args[0])) {
      throw new IllegalArgumentException(
          "usage: NativeBench <window-stats|velocity> --events=N [--eventsPerSecond=200]"
              + " [--seed=42] [--parallelism=2] [--syntheticStartTime=2026-01-01T00:00:00Z]"
              + " [--allowedLatenessSec=300]");
    }
    String workload = args[0];
    Map<String, String> flags = flags(args);
    if (!flags.containsKey("events")) {
      throw new IllegalArgumentException("--events=N is required");
    }
    SyntheticSpec spec =
        new SyntheticSpec(
            Double.parseDouble(flags.getOrDefault("eventsPerSecond", "200")),
            Long.parseLong(flags.get("events")),
            Long.parseLong(flags.getOrDefault("seed", "42")),
            startMillis(flags.getOrDefault("syntheticStartTime", "2026-01-01T00:00:00Z")),
            Long.parseLong(flags.getOrDefault("allowedLatenessSec", "300")));
    int parallelism = Integer.parseInt(flags.getOrDefault("parallelism", "2"));
    if (parallelism <= 0) {
      throw new IllegalArgumentException("--parallelism must be > 0, got " + parallelism);
    }

    TrialReport report = TrialReport.start();
    ReadMarks.start(spec.events(), report);
    StreamExecutionEnvironment env = environment(parallelism);
    CountingSink sink = new CountingSink();
    String output;
    String deadLetter;
    if (workload.equals("window-stats")) {
      NativeWindowStats.build(env, spec, sink);
      output = NativeWindowStats.OUTPUT;
      deadLetter = NativeWindowStats.DEAD_LETTER;
    } else {
      NativeVelocity.build(env, spec, sink);
      output = NativeVelocity.OUTPUT;
      deadLetter = NativeVelocity.DEAD_LETTER;
    }
    JobExecutionResult result = env.execute("native-" + workload);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("workload", "native-" + workload);
    fields.put("runner", "native-flink");
    fields.put("outputs", CountingSink.count(result, output));
    fields.put("deadLetters", CountingSink.count(result, deadLetter));
    ReadMarks.report(fields); // the rate once warmed up, counted as read
    System.out.println(report.finish(spec.events(), fields));
  }

  /** An embedded Flink with object reuse: every step here leaves what it emits alone. */
  public static StreamExecutionEnvironment environment(int parallelism) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
    env.getConfig().enableObjectReuse();
    return env;
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> known =
        List.of("events", "eventsPerSecond", "seed", "parallelism", "syntheticStartTime",
            "allowedLatenessSec");
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
      if (name == null || !known.contains(name)) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; expected one of --"
            + String.join("=, --", known) + "=");
      }
      flags.put(name, arg.substring(eq + 1));
    }
    return flags;
  }

  private static long startMillis(String text) {
    try {
      return EventTimes.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--syntheticStartTime " + e.getMessage(), e);
    }
  }
}
