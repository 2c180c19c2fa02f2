package dev.streamtemplates.testing.flink;

import dev.streamtemplates.testing.CliArgs;
import dev.streamtemplates.testing.ChildProcesses;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A local Flink session cluster for people: {@code make flink-up} and {@code make flink-down}.
 *
 * <pre>
 * FlinkClusterCli up [--port 8081] [--taskmanagers 1] [--dir build/flink]   start; it outlives this command
 * FlinkClusterCli down [--dir build/flink]                                  stop it
 * FlinkClusterCli status [--dir build/flink]                                TaskManagers, slots, jobs
 * </pre>
 *
 * <p>{@code up} keeps the cluster's config ({@code conf/}), logs ({@code log/}) and checkpoints in
 * the folder and writes {@code cluster.pids} (the JobManager's pid, then each TaskManager's) and
 * {@code rest.address} there; {@code down} reads them back.
 */
public final class FlinkClusterCli {
  static final String PIDS_FILE = "cluster.pids";
  static final String ADDRESS_FILE = "rest.address";
  static final int DEFAULT_PORT = 8081;
  static final String DEFAULT_DIR = "build/flink";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private static final String USAGE = String.join("\n",
      "usage: FlinkClusterCli up [--port " + DEFAULT_PORT + "] [--taskmanagers 1] [--dir "
          + DEFAULT_DIR + "]",
      "       FlinkClusterCli down [--dir " + DEFAULT_DIR + "]",
      "       FlinkClusterCli status [--dir " + DEFAULT_DIR + "]");

  private final PrintStream out;
  private final PrintStream err;

  public FlinkClusterCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new FlinkClusterCli(System.out, System.err).run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the exit code. */
  public int run(String[] args) {
    CliArgs cli;
    try {
      cli = CliArgs.parse(args, Set.of("port", "taskmanagers", "dir"));
    } catch (CliArgs.UsageException e) {
      return usage(e.getMessage());
    }
    List<String> words = cli.words;
    Path dir = Path.of(cli.flag("dir", DEFAULT_DIR)).toAbsolutePath().normalize();
    try {
      if (words.equals(List.of("up"))) {
        return up(dir, Integer.parseInt(cli.flag("port", "" + DEFAULT_PORT)),
            Integer.parseInt(cli.flag("taskmanagers", "1")));
      } else if (words.equals(List.of("down"))) {
        return down(dir);
      } else if (words.equals(List.of("status"))) {
        return status(dir);
      }
    } catch (NumberFormatException e) {
      return usage("not a number: " + e.getMessage());
    }
    return usage(words.isEmpty() ? "no command" : "unknown command: " + String.join(" ", words));
  }

  private int up(Path dir, int port, int taskManagers) {
    List<ProcessHandle> running = runningProcesses(dir);
    if (!running.isEmpty()) {
      out.println("Flink is already running from " + dir + ": web UI "
          + ChildProcesses.readFile(dir.resolve(ADDRESS_FILE)).map(a -> "http://" + a + "/").orElse("?")
          + " (pids " + running.stream().map(p -> Long.toString(p.pid()))
              .collect(Collectors.joining(", ")) + "). Stop it with: make flink-down");
      return 0;
    }
    if (taskManagers < 1) {
      return usage("--taskmanagers must be at least 1, got " + taskManagers);
    }
    FlinkCluster cluster;
    try {
      cluster = FlinkCluster.start(FlinkCluster.Options.defaults()
          .withRestPort(port).withTaskManagers(taskManagers).withDir(dir).detached()
          .withStartTimeout(START_TIMEOUT));
    } catch (FlinkCluster.PortInUseException e) {
      err.println(e.getMessage() + " Stop whatever listens there (make flink-down, if it is a"
          + " cluster of ours), or choose another port: make flink-up FLINK_PORT=" + (port + 1));
      return 1;
    } catch (RuntimeException e) {
      err.println("Flink did not start: " + e.getMessage());
      return 1;
    }
    List<Long> pids = new ArrayList<>();
    pids.add(cluster.jobManagerPid());
    pids.addAll(cluster.taskManagerPids());
    ChildProcesses.writeFile(dir.resolve(PIDS_FILE), pids.stream().map(String::valueOf)
        .collect(Collectors.joining("\n")));
    ChildProcesses.writeFile(dir.resolve(ADDRESS_FILE), cluster.master());
    JsonNode overview = cluster.rest().overview();
    out.println("Flink " + overview.path("flink-version").asText() + " is up: web UI and REST on "
        + cluster.webUi() + " (JobManager pid " + cluster.jobManagerPid() + "; "
        + overview.path("taskmanagers").asInt() + " TaskManager(s), "
        + overview.path("slots-total").asInt() + " slots; pids " + cluster.taskManagerPids()
            .stream().map(String::valueOf).collect(Collectors.joining(", ")) + ").");
    out.println("Config, logs and checkpoints in " + dir + ": conf/config.yaml, "
        + "log/jobmanager.log, log/taskmanager-N.log and .out (pipeline stdout).");
    out.println("Submit a pipeline with: make run RUNNER=flink-cluster PIPELINE=<name>");
    out.println("Stop it with: make flink-down   (or: FlinkClusterCli down --dir " + dir + ")");
    return 0;
  }

  private int down(Path dir) {
    List<Long> pids = readPids(dir);
    if (pids.isEmpty()) {
      out.println("No Flink cluster is running from " + dir + " (no " + PIDS_FILE + ").");
      return 0;
    }
    List<ProcessHandle> alive = pids.stream()
        .map(ProcessHandle::of).flatMap(Optional::stream)
        .filter(ProcessHandle::isAlive)
        .collect(Collectors.toList());
    List<ProcessHandle> foreign = alive.stream().filter(p -> !isFlinkProcess(p))
        .collect(Collectors.toList());
    if (!foreign.isEmpty()) {
      err.println("pid " + foreign.get(0).pid() + " (from " + dir.resolve(PIDS_FILE) + ") is not"
          + " a Flink process: " + foreign.get(0).info().commandLine().orElse("?")
          + ". Not stopping it; delete the pid file if it is stale.");
      return 1;
    }
    if (alive.isEmpty()) {
      ChildProcesses.forget(dir, PIDS_FILE, ADDRESS_FILE);
      out.println("Flink was not running (pids " + pids + " are gone); removed the stale "
          + PIDS_FILE + " from " + dir + ".");
      return 0;
    }
    // TaskManagers (listed after the JobManager) first, each with a grace period.
    boolean clean = true;
    for (int i = alive.size() - 1; i >= 0; i--) {
      clean &= ChildProcesses.stopProcess(alive.get(i), FlinkCluster.STOP_TIMEOUT);
    }
    ChildProcesses.forget(dir, PIDS_FILE, ADDRESS_FILE);
    out.println("Flink stopped (pids " + alive.stream().map(p -> Long.toString(p.pid()))
        .collect(Collectors.joining(", ")) + (clean ? "" : "; some were killed after "
        + FlinkCluster.STOP_TIMEOUT.toSeconds() + " s") + "). Logs and checkpoints stay in "
        + dir + ".");
    return 0;
  }

  private int status(Path dir) {
    if (runningProcesses(dir).isEmpty()) {
      out.println("No Flink cluster is running from " + dir + "; start one with make flink-up.");
      return 1;
    }
    String address = ChildProcesses.readFile(dir.resolve(ADDRESS_FILE)).orElse("localhost:" + DEFAULT_PORT);
    FlinkRest rest = new FlinkRest(address);
    try {
      JsonNode overview = rest.overview();
      out.println("Flink " + overview.path("flink-version").asText() + " on http://" + address
          + "/: " + overview.path("taskmanagers").asInt() + " TaskManager(s), "
          + overview.path("slots-available").asInt() + " of " + overview.path("slots-total")
          .asInt() + " slots free.");
      rest.jobs().forEach(job -> out.println("  " + job));
      return 0;
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return 1;
    }
  }

  private int usage(String problem) {
    err.println(problem);
    err.println(USAGE);
    return 2;
  }

  // ---- the folder's pid and address files ----

  /** The live processes of ours named by the folder's pid file. */
  static List<ProcessHandle> runningProcesses(Path dir) {
    return readPids(dir).stream()
        .map(ProcessHandle::of).flatMap(Optional::stream)
        .filter(ProcessHandle::isAlive)
        .filter(FlinkClusterCli::isFlinkProcess)
        .collect(Collectors.toList());
  }

  private static List<Long> readPids(Path dir) {
    return ChildProcesses.readFile(dir.resolve(PIDS_FILE))
        .map(text -> text.lines().map(String::trim).filter(l -> !l.isEmpty())
            .map(Long::parseLong).collect(Collectors.toList()))
        .orElse(List.of());
  }

  /** Guards against a recycled pid. When the OS does not say, trust our own pid file. */
  private static boolean isFlinkProcess(ProcessHandle process) {
    return process.info().commandLine()
        .map(line -> line.contains(FlinkCluster.JOBMANAGER_MAIN + " ")
            || line.contains(FlinkCluster.TASKMANAGER_MAIN + " "))
        .orElse(true);
  }

}
