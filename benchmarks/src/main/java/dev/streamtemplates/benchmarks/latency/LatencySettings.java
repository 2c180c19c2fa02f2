package dev.streamtemplates.benchmarks.latency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one latency run does, from its command line. The benchmark's own options are listed in
 * {@link #USAGE}; every other {@code --name=value} goes to the pipeline unchanged (e.g. {@code
 * --objectReuse=true}), except the ones the benchmark must set itself ({@link #RESERVED}).
 */
final class LatencySettings {
  static final String USAGE = String.join("\n",
      "LatencyBench [--rates=500,1000,2000,4000,8000] [--stepSec=40] [--headSec=5]",
      "             [--warmupSec=20] [--drainSec=30] [--probesPerSec=10] [--maxGrowthMs=1000]",
      "             [--maxOutOfOrdernessSec=5] [--kafkaBootstrapServers=HOST:PORT] [--seed=42]",
      "             [--pipelineJvmArgs='-Xmx2g'] [--startTimeoutSec=180] [pipeline options...]");

  /** Pipeline options the benchmark sets: a run with other values would measure something else. */
  static final Set<String> RESERVED = Set.of(
      "source", "sink", "inputTopic", "outputTopic", "deadLetterTopic", "startOffset",
      "kafkaGroupId", "streaming", "eventsPerSecond", "maxEvents", "exactlyOnce");

  final List<Double> rates;
  final long stepSec;
  final long headSec;
  final long warmupSec;
  final long drainSec;
  final double probesPerSec;
  final long maxGrowthMs;
  final long maxOutOfOrdernessSec;
  /** Null: start a broker of our own. */
  final String kafkaBootstrapServers;
  final long seed;
  final List<String> pipelineJvmArgs;
  final long startTimeoutSec;
  /** Pipeline options given on the command line, by name. */
  final Map<String, String> pipelineOptions;

  private LatencySettings(Map<String, String> own, Map<String, String> pipelineOptions) {
    this.rates = rates(own.getOrDefault("rates", "500,1000,2000,4000,8000"));
    this.stepSec = positive(own, "stepSec", 40);
    this.headSec = atLeastZero(own, "headSec", 5);
    this.warmupSec = atLeastZero(own, "warmupSec", 20);
    this.drainSec = positive(own, "drainSec", 30);
    this.probesPerSec = positiveDouble(own, "probesPerSec", 10);
    this.maxGrowthMs = atLeastZero(own, "maxGrowthMs", 1000);
    this.maxOutOfOrdernessSec = atLeastZero(own, "maxOutOfOrdernessSec", 5);
    this.kafkaBootstrapServers = own.get("kafkaBootstrapServers");
    this.seed = number(own, "seed", 42);
    this.pipelineJvmArgs = words(own.getOrDefault("pipelineJvmArgs", "-Xmx2g"));
    this.startTimeoutSec = positive(own, "startTimeoutSec", 180);
    this.pipelineOptions = pipelineOptions;
    if (stepSec < 3) {
      throw new IllegalArgumentException("--stepSec must be >= 3 (it is cut in thirds), got " + stepSec);
    }
  }

  /** Parses {@code --name=value} arguments; fails naming the option on a bad one. */
  static LatencySettings parse(String... args) {
    Set<String> ownNames = Set.of("rates", "stepSec", "headSec", "warmupSec", "drainSec",
        "probesPerSec", "maxGrowthMs", "maxOutOfOrdernessSec", "kafkaBootstrapServers", "seed",
        "pipelineJvmArgs", "startTimeoutSec");
    Map<String, String> own = new LinkedHashMap<>();
    Map<String, String> pipeline = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'\n" + USAGE);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("--" + name + " is set by the benchmark itself\n" + USAGE);
      }
      (ownNames.contains(name) ? own : pipeline).put(name, value);
    }
    return new LatencySettings(own, pipeline);
  }

  /** The first rate: the warm-up's. */
  double warmupRate() {
    return rates.get(0);
  }

  /**
   * Produced after each measured window at the step's rate, unmeasured: the source's watermark
   * trails the newest event time by the out-of-orderness, so the window's last transactions are
   * only evaluated once this much newer traffic has been read.
   */
  long tailSec() {
    return maxOutOfOrdernessSec + 5;
  }

  private static List<Double> rates(String text) {
    List<Double> rates = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        double rate = Double.parseDouble(part.trim());
        if (!(rate > 0) || Double.isInfinite(rate)) {
          throw new NumberFormatException();
        }
        rates.add(rate);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--rates must be positive numbers of events/s, comma-separated; got '" + text + "'");
      }
    }
    return List.copyOf(rates);
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.trim().split("\\s+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return List.copyOf(words);
  }

  private static long number(Map<String, String> own, String name, long fallback) {
    String text = own.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + text + "'");
    }
  }

  private static long atLeastZero(Map<String, String> own, String name, long fallback) {
    long value = number(own, name, fallback);
    if (value < 0) {
      throw new IllegalArgumentException("--" + name + " must be >= 0, got " + value);
    }
    return value;
  }

  private static long positive(Map<String, String> own, String name, long fallback) {
    long value = number(own, name, fallback);
    if (value <= 0) {
      throw new IllegalArgumentException("--" + name + " must be > 0, got " + value);
    }
    return value;
  }

  private static double positiveDouble(Map<String, String> own, String name, double fallback) {
    String text = own.get(name);
    try {
      double value = text == null ? fallback : Double.parseDouble(text.trim());
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a positive number, got '" + text + "'");
    }
  }
}
