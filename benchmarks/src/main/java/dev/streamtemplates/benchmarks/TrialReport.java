package dev.streamtemplates.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one trial (one JVM, one run) measured, printed as a single line the harness reads:
 * {@code BENCH-RESULT {"workload": ..., "events": ..., "seconds": ..., ...}}.
 *
 * <p>Start it just before the run and {@link #finish} right after: wall seconds and the process's
 * CPU seconds cover the run (JVM start-up excluded, the runner's own start-up included); peak
 * resident memory is the process's high-water mark ({@code VmHWM}), where the OS reports it.
 */
public final class TrialReport {
  public static final String PREFIX = "BENCH-RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final long startNanos;
  private final long startCpuNanos;

  private TrialReport() {
    this.startNanos = System.nanoTime();
    this.startCpuNanos = processCpuNanos();
  }

  public static TrialReport start() {
    return new TrialReport();
  }

  /** Seconds since {@link #start()}. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * The result line for {@code events} records and any further fields (strings, numbers or
   * booleans): {@code seconds}, {@code eventsPerSec}, {@code cpuSec} and {@code peakRssMb} are
   * added here.
   */
  public String finish(long events, Map<String, ?> fields) {
    double seconds = elapsedSeconds();
    ObjectNode line = JSON.createObjectNode();
    fields.forEach((k, v) -> line.set(k, JSON.valueToTree(v)));
    line.put("events", events);
    line.put("seconds", round(seconds));
    line.put("eventsPerSec", Math.round(events / seconds));
    line.put("cpuSec", round((processCpuNanos() - startCpuNanos) / 1e9));
    line.put("peakRssMb", peakRssMb());
    return PREFIX + line;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** Seconds to a tenth, as the trials' own timings (read marks, keep-up figures) report them. */
  static double tenths(double value) {
    return Math.round(value * 10) / 10.0;
  }

  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /** The process's peak resident set in MiB from /proc/self/status, or -1 where there is none. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return -1;
  }
}
