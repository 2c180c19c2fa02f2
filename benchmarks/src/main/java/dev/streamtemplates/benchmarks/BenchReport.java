package dev.streamtemplates.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Regenerates the measured part of {@code docs/BENCHMARKS.md}, between two markers, from the
 * results; the rest of the page (what each change bought, how to read the figures) is prose
 * kept by hand and left as it is.
 */
final class BenchReport {
  static final String BEGIN = "<!-- bench:begin (make bench rewrites everything up to bench:end) -->";
  static final String END = "<!-- bench:end -->";

  private BenchReport() {}

  static void write(JsonNode results, Path page) throws IOException {
    String generated = BEGIN + "\n" + render(results) + END;
    String text;
    if (Files.exists(page)) {
      String old = Files.readString(page, StandardCharsets.UTF_8);
      int from = old.indexOf(BEGIN);
      int to = old.indexOf(END);
      if (from < 0 || to < from) {
        throw new IOException(page + " lost its markers; put back " + BEGIN + " and " + END);
      }
      text = old.substring(0, from) + generated + old.substring(to + END.length());
    } else {
      text = "# Benchmarks\n\n" + generated + "\n";
    }
    Files.createDirectories(page.toAbsolutePath().getParent());
    Files.writeString(page, text, StandardCharsets.UTF_8);
  }

  static double median(JsonNode entry, String field) {
    List<Double> values = values(entry, field);
    int n = values.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  /** The trials' values of {@code field}, sorted; a trial without it, or with -1 (not measured), is left out. */
  private static List<Double> values(JsonNode entry, String field) {
    List<Double> values = new ArrayList<>();
    for (JsonNode trial : entry.path("trials")) {
      if (trial.has(field) && trial.path(field).asDouble() >= 0) {
        values.add(trial.path(field).asDouble());
      }
    }
    values.sort(Double::compare);
    return values;
  }

  private static String spread(JsonNode entry) {
    return spread(entry, "eventsPerSec");
  }

  /** The trials' median of {@code field}, in bold, and their range. */
  private static String spread(JsonNode entry, String field) {
    List<Double> v = values(entry, field);
    if (v.isEmpty()) {
      return "";
    }
    return String.format("**%,.0f** (%,.0f–%,.0f)", median(entry, field), v.get(0), v.get(v.size() - 1));
  }

  static long events(JsonNode entry) {
    return entry.path("trials").path(0).path("events").asLong();
  }

  static String render(JsonNode results) {
    StringBuilder md = new StringBuilder();
    JsonNode m = results.path("machine");
    md.append(String.format(
        "Measured on %d cores (%s), %.0f GiB, %s, %s; last run %s.%n%n",
        m.path("cores").asInt(), m.path("cpu").asText(), m.path("memoryGb").asDouble(),
        m.path("os").asText(), m.path("java").asText(), results.path("updated").asText()));
    md.append("![events per second, median of 3](benchmarks/throughput.png)\n\n");

    if (results.has("throughput")) {
      md.append("### Throughput: every pipeline, a bounded synthetic replay\n\n");
      md.append("Median of the trials (min–max); CPU seconds and peak resident memory are the trial JVM's,"
          + " medians too. Each trial is a fresh JVM with `-Xmx2g`.\n\n");
      md.append("| pipeline | runner | events | events/s | CPU s | CPU µs/event | peak RSS MB |\n|---|---|---:|---:|---:|---:|---:|\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = results.get("throughput").fields(); it.hasNext(); ) {
        JsonNode e = it.next().getValue();
        double cpu = median(e, "cpuSec");
        md.append(String.format("| %s | %s | %,d | %s | %.1f | %.1f | %,.0f |%n",
            e.path("pipeline").asText(), runnerName(e.path("runner").asText()), events(e), spread(e),
            cpu, cpu * 1e6 / Math.max(1, events(e)), median(e, "peakRssMb")));
      }
      md.append("\n");
    }
    if (results.has("baseline")) {
      md.append("### The cost of portability: Beam on Flink against native Flink\n\n");
      md.append("The same generated input bytes, the same JSON parsing, the same results"
          + " (`NativeAgreementTest` checks them); both on Flink embedded, parallelism 2.\n\n");
      md.append("| workload | native Flink events/s | Beam on Flink events/s | Beam / native | CPU µs/event native | CPU µs/event Beam |\n|---|---:|---:|---:|---:|---:|\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = results.get("baseline").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> w = it.next();
        JsonNode n = w.getValue().path("native");
        JsonNode b = w.getValue().path("beam");
        md.append(String.format("| %s | %s | %s | **%.2fx** | %.1f | %.1f |%n", w.getKey(), spread(n), spread(b),
            median(b, "eventsPerSec") / median(n, "eventsPerSec"),
            median(n, "cpuSec") * 1e6 / Math.max(1, events(n)),
            median(b, "cpuSec") * 1e6 / Math.max(1, events(b))));
      }
      md.append("\nOnce warmed up: the events per second between two run sizes of each side (the extra"
          + " events over the extra median time), so that start-up and warm-up, which weigh more"
          + " on Beam, drop out.\n\n");
      md.append("| workload | native: events, s | native events/s once warmed up | Beam: events, s"
          + " | Beam events/s once warmed up | Beam / native once warmed up |\n"
          + "|---|---|---:|---|---:|---:|\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = results.get("baseline").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> w = it.next();
        JsonNode pair = w.getValue();
        long nativeWarm = pair.path("nativeWarmEventsPerSec").asLong(-1);
        long beamWarm = pair.path("beamWarmEventsPerSec").asLong(-1);
        if (!pair.has("nativeShort") || !pair.has("beamLong")) {
          continue; // measured before this table existed
        }
        md.append(String.format("| %s | %s; %s | %s | %s; %s | %s | %s |%n", w.getKey(),
            sized(pair.path("nativeShort")), sized(pair.path("native")), rate(nativeWarm),
            sized(pair.path("beam")), sized(pair.path("beamLong")), rate(beamWarm),
            nativeWarm > 0 && beamWarm > 0
                ? String.format("**%.2fx**", (double) beamWarm / nativeWarm) : "–"));
      }
      md.append("\nOnce warmed up, counted as read: each side's rate between 50% and 90% of its records"
          + " read, as it happens (`ReadMarks`; an embedded source reads only as fast as its job"
          + " takes records). Beam here is window-stats' steps (`WindowStatsSteps` with all four:"
          + " the lateness check, deduplication, the pipelines' trigger, `ShardedCombine`), without"
          + " the formatting of its few outputs.\n\n");
      md.append("| workload | native: events, events/s counted as read | Beam: events, events/s counted as read"
          + " | Beam / native |\n|---|---|---|---:|\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = results.get("baseline").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> w = it.next();
        JsonNode pair = w.getValue();
        if (!pair.has("beamSteps")) {
          continue;
        }
        long nativeRead = pair.path("nativeReadEventsPerSec").asLong(-1);
        long beamRead = pair.path("beamStepsReadEventsPerSec").asLong(-1);
        md.append(String.format("| %s | %,d: %s | %,d: %s | %s |%n", w.getKey(),
            events(pair.path("native")), spread(pair.path("native"), "steadyEventsPerSec"),
            events(pair.path("beamSteps")), spread(pair.path("beamSteps"), "steadyEventsPerSec"),
            nativeRead > 0 && beamRead > 0
                ? String.format("**%.2fx**", (double) beamRead / nativeRead) : "–"));
      }
      md.append("\n");
    }
    if (results.has("memory")) {
      md.append("### State stays bounded: a run ten times longer\n\n");
      md.append("Flink embedded (heap state), the live heap after a full collection every 2 s, largest value."
          + " Cards and devices are forgotten after less event time than the short run lasts (options),"
          + " so the long run shows whether the timers clear their state.\n\n");
      md.append("| pipeline | options | events | max live heap MB | events (10x) | max live heap MB (10x) | ratio |\n|---|---|---:|---:|---:|---:|---:|\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = results.get("memory").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        JsonNode x1 = p.getValue().path("x1");
        JsonNode x10 = p.getValue().path("x10");
        md.append(String.format("| %s | `%s` | %,d | %d | %,d | %d | %.2f |%n", p.getKey(),
            p.getValue().path("options").asText(),
            x1.path("events").asLong(), x1.path("maxLiveHeapMb").asLong(),
            x10.path("events").asLong(), x10.path("maxLiveHeapMb").asLong(),
            x10.path("maxLiveHeapMb").asDouble() / Math.max(1, x1.path("maxLiveHeapMb").asDouble())));
      }
      md.append("\n");
    }
    if (results.has("keepup")) {
      md.append("### `make run` on the Direct runner: does it keep up?\n\n");
      md.append("`make run`'s default: 6,000 events paced at 100/s (due in 60 s after the first)."
          + " It keeps up if it reads the last record within "
          + String.format("%.0f", Bench.KEEP_UP_SLACK_SEC)
          + " s of the source's schedule: a pipeline slower than the source makes the runner read"
          + " later and later. The `read` counter is sampled every 250 ms; beside the verdict:"
          + " seconds to the first record read (building and starting the pipeline), the most the"
          + " reading was ever behind, seconds from the last record read to the end (the end of"
          + " input flushes every final pane, timer and sink), and the whole run.\n\n");
      md.append("| pipeline | events | due s | first record s | reading s | most behind s"
          + " | after last record s | took s | keeps up |\n"
          + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = results.get("keepup").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        JsonNode e = p.getValue();
        md.append(String.format("| %s | %,d | %.0f | %s | %s | %s | %s | %.1f | %s |%n", p.getKey(),
            e.path("events").asLong(), e.path("dueSeconds").asDouble(), tenths(e, "firstReadSec"),
            tenths(e, "readingSec"), tenths(e, "maxBehindSec"), tenths(e, "afterLastReadSec"),
            e.path("seconds").asDouble(), e.path("keptUp").asBoolean() ? "yes" : "**no**"));
      }
      md.append("\n");
    }
    if (results.has("latency")) {
      JsonNode l = results.get("latency");
      md.append("### Latency through Kafka: fraud, transaction produced to alert consumed\n\n");
      md.append("| input rate/s | alerts | p50 ms | p95 ms | p99 ms | kept up |\n|---:|---:|---:|---:|---:|---|\n");
      for (JsonNode s : l.path("steps")) {
        md.append(String.format("| %,d | %,d | %,d | %,d | %,d | %s |%n", s.path("rate").asLong(),
            s.path("alerts").asLong(), s.path("p50Ms").asLong(), s.path("p95Ms").asLong(),
            s.path("p99Ms").asLong(), s.path("keptUp").asBoolean() ? "yes" : "**no**"));
      }
      md.append(String.format("%nHighest rate sustained: **%,d events/s**.%n%n",
          l.path("summary").path("maxSustainedRate").asLong()));
    }
    md.append("Commands of these runs: `docs/benchmarks/results.json` (`command` of each entry).\n");
    return md.toString();
  }

  static String runnerName(String runner) {
    return switch (runner) {
      case "direct" -> "Direct";
      case "flink" -> "Flink embedded";
      default -> runner;
    };
  }

  /** A figure in tenths, or a dash where an older run did not measure it. */
  private static String tenths(JsonNode entry, String field) {
    return entry.has(field) ? String.format("%.1f", entry.path(field).asDouble()) : "–";
  }

  /** "N in S s": a run size and its median time. */
  private static String sized(JsonNode entry) {
    return String.format("%,d in %.1f s", events(entry), median(entry, "seconds"));
  }

  private static String rate(long eventsPerSec) {
    return eventsPerSec > 0 ? String.format("%,d", eventsPerSec) : "–";
  }
}
