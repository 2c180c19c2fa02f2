package dev.streamtemplates.benchmarks.latency;

import dev.streamtemplates.benchmarks.Trials;
import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import dev.streamtemplates.testing.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fraud pipeline in a JVM of its own, started through its real {@code main} on this JVM's
 * classpath, so the run measured is the one users start and the benchmark's producer and
 * consumer do not share its heap. Output goes to {@code pipeline.log} in the run's folder.
 */
final class PipelineProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private PipelineProcess(Process process, Path log, Thread shutdownHook) {
    this.process = process;
    this.log = log;
    this.shutdownHook = shutdownHook;
  }

  static PipelineProcess start(Path dir, List<String> jvmArgs, List<String> pipelineArgs) {
    try {
      Path argFile = dir.resolve("pipeline-classpath.args");
      // An argument file: a test classpath can be longer than a command line should be.
      Files.writeString(argFile, "-cp \"" + classpath().replace("\\", "\\\\") + "\"\n",
          StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmArgs);
      command.addAll(Trials.flinkOpensFlags());
      command.add("@" + argFile);
      command.add(FraudPipeline.class.getName());
      command.addAll(pipelineArgs);
      Path log = dir.resolve("pipeline.log");
      Files.writeString(log, String.join(" ", command) + "\n\n", StandardCharsets.UTF_8);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      Thread hook = new Thread(
          () -> ChildProcesses.stopProcess(process.toHandle(), Duration.ofSeconds(5)),
          "latency-pipeline-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      return new PipelineProcess(process, log, hook);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the pipeline in " + dir, e);
    }
  }

  /** This JVM's classpath; under Surefire, the test classpath its booter jar stands for. */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Throws, with the end of its log, if the pipeline has stopped. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the pipeline exited with status " + process.exitValue()
          + ChildProcesses.logTail(log));
    }
  }

  @Override
  public void close() {
    ChildProcesses.stopProcess(process.toHandle(), STOP_GRACE);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or will run: nothing to undo
    }
  }
}
