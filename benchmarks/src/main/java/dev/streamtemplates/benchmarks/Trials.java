package dev.streamtemplates.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts each trial in a JVM of its own (so CPU time, peak memory and JIT warm-up belong to that
 * trial alone) on the harness's own classpath, and returns the {@link TrialReport} lines it printed.
 * The trial's whole output goes to a log file next to the results, named after the trial.
 */
public final class Trials {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Flink's --add-opens for Java 17, as the root pom's flink.jvm.args has them. */
  private static final List<String> FLINK_OPENS =
      List.of(
          "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
          "sun.nio.ch", "java.text", "java.time", "java.util", "java.util.concurrent",
          "java.util.concurrent.atomic", "java.util.concurrent.locks");

  /** The JVM flags that open java.base to Flink's serializers, for any JVM that runs Flink. */
  public static List<String> flinkOpensFlags() {
    List<String> flags = new ArrayList<>();
    for (String pkg : FLINK_OPENS) {
      flags.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    return flags;
  }

  private final Path logDir;
  private final String heap;
  private final long timeoutSec;

  Trials(Path logDir, String heap, long timeoutSec) {
    this.logDir = logDir;
    this.heap = heap;
    this.timeoutSec = timeoutSec;
  }

  /** Runs {@code mainClass args} in a fresh JVM; every BENCH-RESULT line it printed, parsed. */
  List<JsonNode> run(String label, List<String> jvmFlags, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(label.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Djava.awt.headless=true");
    command.addAll(flinkOpensFlags());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    Files.writeString(log, String.join(" ", command) + "\n\n", StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    List<JsonNode> results = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var out =
                      Files.newBufferedWriter(
                          log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  out.write(line);
                  out.newLine();
                  if (line.startsWith(TrialReport.PREFIX)) {
                    synchronized (results) {
                      results.add(JSON.readTree(line.substring(TrialReport.PREFIX.length())));
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended; what was read is kept
              }
            },
            "trial-output");
    reader.start();
    if (!process.waitFor(timeoutSec, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      reader.join(5_000);
      throw new IOException(
          label + " did not finish within " + timeoutSec + " s; see " + log);
    }
    reader.join(10_000);
    if (process.exitValue() != 0) {
      throw new IOException(label + " failed (exit " + process.exitValue() + "); see " + log);
    }
    synchronized (results) {
      if (results.isEmpty()) {
        throw new IOException(label + " printed no " + TrialReport.PREFIX.trim() + " line; see " + log);
      }
      return List.copyOf(results);
    }
  }
}
