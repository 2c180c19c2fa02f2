package dev.streamtemplates.testing.flink;

import static dev.streamtemplates.testing.ChildProcesses.awaitExit;
import static dev.streamtemplates.testing.ChildProcesses.deleteRecursively;
import static dev.streamtemplates.testing.ChildProcesses.isPortFree;
import static dev.streamtemplates.testing.ChildProcesses.remaining;
import static dev.streamtemplates.testing.ChildProcesses.sleep;
import static dev.streamtemplates.testing.ChildProcesses.stopProcess;

import dev.streamtemplates.testing.ChildProcesses;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Flink 1.19 session cluster on this machine: one JobManager JVM and one or more
 * TaskManager JVMs, for tests and for {@code make flink-up}.
 *
 * <pre>{@code
 * try (FlinkCluster flink = FlinkCluster.start()) {
 *   // run a pipeline with --runner=FlinkRunner --flinkMaster=<flink.master()>
 *   //   --filesToStage=<a job jar without Flink's classes>
 *   flink.rest().jobs();
 * }
 * }</pre>
 *
 * <p>The processes run Flink's own entry points ({@code StandaloneSessionClusterEntrypoint},
 * {@code TaskManagerRunner}) on jars from Maven Central; no Flink distribution is needed. Their
 * classpath is resolved at build time by {@code testing/src/flink-cluster/pom.xml}, apart from
 * every project classpath, and travels inside the testing jar as the resource {@code
 * flink-cluster.classpath} next to this class (the system property {@value #CLASSPATH_PROPERTY}
 * overrides it). The memory flags Flink's shell scripts would compute come from Flink's own
 * {@code BashJavaUtils}, so the processes are sized exactly as {@code start-cluster.sh} would size
 * them.
 *
 * <p>The cluster's folder holds {@code conf/} (its {@code config.yaml}: REST port, slots,
 * memory, exponential-delay restarts for checkpointing jobs, heap state with file checkpoints),
 * {@code log/} (one {@code .log} and one {@code .out} per process, also shown in the web UI) and
 * {@code checkpoints/}. {@link #start()} picks free ports and a temporary folder; {@link #close()} stops the processes and
 * deletes that folder, and a JVM shutdown hook does the same if a test never gets to close it.
 */
public final class FlinkCluster implements AutoCloseable {
  /** A classpath (jars joined by the path separator) to run the cluster on instead of ours. */
  public static final String CLASSPATH_PROPERTY = "flink.cluster.classpath";

  static final String CLASSPATH_RESOURCE = "flink-cluster.classpath";
  static final String HOST = "localhost";
  static final String JOBMANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  static final String RESOURCE_PARAMS_MAIN = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);

  /** What Flink's own config.sh passes on Java 17 (env.java.default-opts.all), plus invoke. */
  static final List<String> JAVA_17_FLAGS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final Options options;
  private final Path dir;
  private final int restPort;
  private final List<String> taskManagerCommand;
  private final Process jobManager;
  /** The TaskManagers started and not killed, oldest first, by name (taskmanager-N). */
  private final Map<String, Process> taskManagers = new LinkedHashMap<>();
  private int taskManagersStarted;
  private Thread shutdownHook;
  private boolean closed;

  private FlinkCluster(Options options, Path dir, int restPort, List<String> taskManagerCommand,
      Process jobManager) {
    this.options = options;
    this.dir = dir;
    this.restPort = restPort;
    this.taskManagerCommand = taskManagerCommand;
    this.jobManager = jobManager;
  }

  /** Starts a cluster (one TaskManager, two slots) on free ports in a temporary folder. */
  public static FlinkCluster start() {
    return start(Options.defaults());
  }

  /** Starts a cluster as {@code options} say; blocks until every TaskManager has registered. */
  public static FlinkCluster start(Options options) {
    List<String> classpath = ChildProcesses.classpath(FlinkCluster.class, CLASSPATH_RESOURCE, CLASSPATH_PROPERTY, "the Flink cluster");
    Path dir;
    int restPort;
    int rpcPort;
    try {
      restPort = options.restPort != 0 ? options.restPort : freePort();
      if (options.restPort != 0 && !isPortFree(options.restPort)) {
        throw new PortInUseException(options.restPort);
      }
      rpcPort = freePort();
      dir = options.dir == null
          ? Files.createTempDirectory("flink-cluster-")
          : Files.createDirectories(options.dir.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot choose ports or create the cluster's folder", e);
    }
    boolean ownsDir = options.dir == null;
    FlinkCluster cluster = null;
    Process jobManager = null;
    try {
      long started = System.nanoTime();
      long deadline = started + options.startTimeout.toNanos();
      Path conf = writeConfig(dir, options, restPort, rpcPort);
      Files.createDirectories(dir.resolve("log"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // An argument file, not -cp on the command line: the classpath is long, and
      // ProcessHandle.Info (which `down` uses to recognise our processes) reads only 4 kB of it.
      Path classpathArgs = dir.resolve("classpath.args");
      Files.writeString(classpathArgs, "-cp \"" + String.join(File.pathSeparator, classpath)
          .replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
      Path javaArgs = dir.resolve("java17.args");
      Files.write(javaArgs, JAVA_17_FLAGS, StandardCharsets.UTF_8);

      // The JVM flags and -D settings Flink's scripts compute, for both kinds of process at once.
      CompletableFuture<List<String>> jmParams = CompletableFuture.supplyAsync(
          () -> resourceParams(java, classpathArgs, conf, "GET_JM_RESOURCE_PARAMS", deadline));
      CompletableFuture<List<String>> tmParams = CompletableFuture.supplyAsync(
          () -> resourceParams(java, classpathArgs, conf, "GET_TM_RESOURCE_PARAMS", deadline));
      List<String> jm = command(java, classpathArgs, javaArgs, conf, JOBMANAGER_MAIN,
          join(jmParams), List.of("--executionMode", "cluster"));
      List<String> tm = command(java, classpathArgs, javaArgs, conf, TASKMANAGER_MAIN,
          join(tmParams), List.of());

      jobManager = launch(dir, jm, "jobmanager");
      cluster = new FlinkCluster(options, dir, restPort, tm, jobManager);
      if (!options.detached) {
        FlinkCluster owner = cluster;
        cluster.shutdownHook = new Thread(() -> owner.stopAll(Duration.ofSeconds(5), ownsDir),
            "flink-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
      }
      for (int i = 0; i < options.taskManagers; i++) {
        cluster.launchTaskManager();
      }
      cluster.awaitTaskManagers(options.taskManagers, deadline);
      LOG.info("Flink cluster up on {} in {} ms: {} TaskManager(s) x {} slots (folder {})",
          cluster.webUi(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
          options.taskManagers, options.slotsPerTaskManager, dir);
      return cluster;
    } catch (IOException e) {
      abandon(cluster, jobManager, dir, ownsDir);
      throw new UncheckedIOException("cannot start the Flink cluster in " + dir, e);
    } catch (RuntimeException e) {
      abandon(cluster, jobManager, dir, ownsDir);
      throw e;
    }
  }

  /** {@code host:port} of the REST endpoint: Beam's {@code --flinkMaster}. */
  public String master() {
    return HOST + ":" + restPort;
  }

  public int restPort() {
    return restPort;
  }

  /** The web UI, {@code http://localhost:<port>/}. */
  public String webUi() {
    return "http://" + master() + "/";
  }

  /** A client for the cluster's REST API. */
  public FlinkRest rest() {
    return new FlinkRest(master());
  }

  /** The cluster's folder: {@code conf/}, {@code log/}, {@code checkpoints/}. */
  public Path dir() {
    return dir;
  }

  public Path logDir() {
    return dir.resolve("log");
  }

  public long jobManagerPid() {
    return jobManager.pid();
  }

  /** The live TaskManagers' process ids, oldest first. */
  public synchronized List<Long> taskManagerPids() {
    return taskManagers.values().stream().filter(Process::isAlive).map(Process::pid)
        .collect(Collectors.toList());
  }

  /**
   * Kills one TaskManager with SIGKILL, as a crashed machine would go: no clean shutdown, its
   * slots and state are lost. Returns its pid.
   */
  public synchronized long killTaskManager() {
    Map.Entry<String, Process> victim = taskManagers.entrySet().stream()
        .filter(e -> e.getValue().isAlive()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no TaskManager is running"));
    victim.getValue().destroyForcibly();
    awaitExit(victim.getValue().toHandle(), Duration.ofSeconds(10));
    taskManagers.remove(victim.getKey());
    LOG.info("killed {} (pid {})", victim.getKey(), victim.getValue().pid());
    return victim.getValue().pid();
  }

  /** Starts one more TaskManager and waits until it has registered; returns its pid. */
  public long addTaskManager() {
    String name;
    Process process;
    synchronized (this) {
      process = launchTaskManager();
      name = "taskmanager-" + taskManagersStarted;
    }
    long deadline = System.nanoTime() + options.startTimeout.toNanos();
    while (!rest().taskManagerIds().contains(name)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The Flink " + name + " exited with code "
            + process.exitValue() + " while starting." + logTail(name));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The Flink " + name + " did not register within "
            + options.startTimeout.toSeconds() + " s." + logTail(name));
      }
      sleep(200);
    }
    return process.pid();
  }

  /** Stops the TaskManagers, then the JobManager (SIGTERM, then SIGKILL after a grace period). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    long stopping = System.nanoTime();
    boolean clean = stopAll(STOP_TIMEOUT, options.dir == null);
    LOG.info("Flink cluster on {} {} in {} ms", master(), clean ? "stopped" : "killed",
        Duration.ofNanos(System.nanoTime() - stopping).toMillis());
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running or will run; it finds the processes gone.
      }
    }
  }

  /** Options for {@link #start(Options)}: immutable, {@code withX} returns a copy. */
  public static final class Options {
    private final int restPort;
    private final int taskManagers;
    private final int slotsPerTaskManager;
    private final Path dir;
    private final boolean detached;
    private final Duration startTimeout;

    private Options(int restPort, int taskManagers, int slotsPerTaskManager, Path dir,
        boolean detached, Duration startTimeout) {
      this.restPort = restPort;
      this.taskManagers = taskManagers;
      this.slotsPerTaskManager = slotsPerTaskManager;
      this.dir = dir;
      this.detached = detached;
      this.startTimeout = startTimeout;
    }

    /** A free REST port, one TaskManager with two slots, a temporary folder, 120 s to start. */
    public static Options defaults() {
      return new Options(0, 1, 2, null, false, Duration.ofSeconds(120));
    }

    /** The REST port (web UI and job submission); 0 picks a free one. Fails if it is taken. */
    public Options withRestPort(int port) {
      return new Options(port, taskManagers, slotsPerTaskManager, dir, detached, startTimeout);
    }

    public Options withTaskManagers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("at least one TaskManager, got " + count);
      }
      return new Options(restPort, count, slotsPerTaskManager, dir, detached, startTimeout);
    }

    public Options withSlotsPerTaskManager(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("at least one slot per TaskManager, got " + slots);
      }
      return new Options(restPort, taskManagers, slots, dir, detached, startTimeout);
    }

    /** A folder of one's own, kept on close (config, logs and checkpoints stay readable). */
    public Options withDir(Path dir) {
      return new Options(restPort, taskManagers, slotsPerTaskManager, dir, detached, startTimeout);
    }

    /** Leaves the cluster running when this JVM exits (no shutdown hook): {@code make flink-up}. */
    public Options detached() {
      return new Options(restPort, taskManagers, slotsPerTaskManager, dir, true, startTimeout);
    }

    public Options withStartTimeout(Duration timeout) {
      return new Options(restPort, taskManagers, slotsPerTaskManager, dir, detached, timeout);
    }
  }

  /** The REST port a cluster was asked for is taken. */
  public static final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortInUseException(int port) {
      super("Port " + port + " on " + HOST + " is already in use (another Flink cluster, or"
          + " another web server?).");
    }
  }

  // ---- start-up ----

  private static Path writeConfig(Path dir, Options options, int restPort, int rpcPort)
      throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    String checkpoints = Files.createDirectories(dir.resolve("checkpoints")).toUri().toString();
    String savepoints = Files.createDirectories(dir.resolve("savepoints")).toUri().toString();
    String tmp = Files.createDirectories(dir.resolve("tmp")).toString();
    // Flink looks for plugins in ./plugins (the processes run in the folder); none are needed.
    Files.createDirectories(dir.resolve("plugins"));
    List<String> config = List.of(
        "# Written by " + FlinkCluster.class.getName() + " at each start.",
        "jobmanager.rpc.address: " + HOST,
        "jobmanager.rpc.port: " + rpcPort,
        "jobmanager.bind-host: " + HOST,
        "jobmanager.memory.process.size: 1600m",
        "taskmanager.host: " + HOST,
        "taskmanager.bind-host: " + HOST,
        "taskmanager.memory.process.size: 2048m",
        // Beam's batch translation runs every stage at once (pipelined exchanges): a pipeline
        // with four outputs needs more network buffers than the default tenth of memory gives.
        "taskmanager.memory.network.fraction: 0.25",
        "taskmanager.memory.managed.fraction: 0.25",
        "taskmanager.numberOfTaskSlots: " + options.slotsPerTaskManager,
        "parallelism.default: " + options.slotsPerTaskManager,
        "rest.address: " + HOST,
        "rest.bind-address: " + HOST,
        "rest.port: " + restPort,
        "web.tmpdir: '" + tmp + "'",
        "io.tmp.dirs: '" + tmp + "'",
        // A lost TaskManager is noticed in seconds, not the default 50.
        "heartbeat.interval: 2000",
        "heartbeat.timeout: 10000",
        // No restart-strategy: Flink 1.19 then restarts a job that checkpoints (every streaming
        // run, see FlinkClusterDefaults) with exponential delay (1 s, x1.5, at most 60 s, no
        // limit on attempts), for as long as it takes a TaskManager to come back, and fails a
        // job that does not (a bounded file run) at once. A restart-strategy set here would
        // apply to every job, bounded ones included, and restart a failing one forever.
        "state.backend.type: hashmap",
        "state.checkpoints.dir: '" + checkpoints + "'",
        "state.savepoints.dir: '" + savepoints + "'",
        "state.checkpoints.num-retained: 3");
    Files.write(conf.resolve("config.yaml"), config, StandardCharsets.UTF_8);
    Files.write(conf.resolve("log4j.properties"), List.of(
        "# One file per process (log.file), as Flink's own log4j.properties.",
        "monitorInterval = 30",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = MainAppender",
        "logger.pekko.name = org.apache.pekko",
        "logger.pekko.level = INFO",
        "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
        "logger.netty.level = OFF",
        "appender.main.name = MainAppender",
        "appender.main.type = RollingFile",
        "appender.main.append = true",
        "appender.main.fileName = ${sys:log.file}",
        "appender.main.filePattern = ${sys:log.file}.%i",
        "appender.main.layout.type = PatternLayout",
        "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
        "appender.main.policies.type = Policies",
        "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
        "appender.main.policies.size.size = 100MB",
        "appender.main.strategy.type = DefaultRolloverStrategy",
        "appender.main.strategy.max = 5"), StandardCharsets.UTF_8);
    Files.write(conf.resolve("log4j-console.properties"), List.of(
        "rootLogger.level = WARN",
        "rootLogger.appenderRef.console.ref = ConsoleAppender",
        "appender.console.name = ConsoleAppender",
        "appender.console.type = CONSOLE",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %-5p %c - %m%n"), StandardCharsets.UTF_8);
    return conf;
  }

  /**
   * Runs {@code BashJavaUtils} as Flink's config.sh does and returns its two results: the JVM's
   * memory flags, then the {@code -D key=value} settings the entry point must be given.
   */
  private static List<String> resourceParams(
      String java, Path classpathArgs, Path conf, String command, long deadline) {
    try {
      Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
          "-Dlog4j.configurationFile=" + conf.resolve("log4j-console.properties").toUri(),
          "@" + classpathArgs, RESOURCE_PARAMS_MAIN, command, "--configDir", conf.toString())
          .redirectErrorStream(true)
          .start();
      process.getOutputStream().close();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Flink's " + command + " did not answer in time.");
      }
      String text = output.get(10, TimeUnit.SECONDS);
      List<String> results = text.lines()
          .filter(line -> line.startsWith(RESULT_PREFIX))
          .map(line -> line.substring(RESULT_PREFIX.length()).trim())
          .collect(Collectors.toList());
      if (process.exitValue() != 0 || results.size() != 2) {
        throw new IllegalStateException("Flink's " + command + " failed (exit code "
            + process.exitValue() + ") for the configuration in " + conf + ":\n  "
            + String.join("\n  ", text.lines().collect(Collectors.toList())));
      }
      return results;
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot run Flink's " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running Flink's " + command, e);
    }
  }

  /** {@code java <memory flags> <Java 17 flags> <log settings> -cp ... Main -D k=v ... args}. */
  private static List<String> command(String java, Path classpathArgs, Path javaArgs, Path conf,
      String main, List<String> params, List<String> extraArgs) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(split(params.get(0)));
    command.add("@" + javaArgs);
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    command.add("@" + classpathArgs);
    command.add(main);
    command.addAll(split(params.get(1)));
    command.add("--configDir");
    command.add(conf.toString());
    command.addAll(extraArgs);
    return command;
  }

  private Process launchTaskManager() {
    int index = ++taskManagersStarted;
    String name = "taskmanager-" + index;
    List<String> command = new ArrayList<>(taskManagerCommand);
    // Name it in the web UI and in its log file's name.
    command.add("-D");
    command.add("taskmanager.resource-id=" + name);
    try {
      Process process = launch(dir, command, name);
      taskManagers.put(name, process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * Starts a process whose log goes to {@code log/<name>.log} and its stdout and stderr (where
   * {@code --sink=log} prints) to {@code log/<name>.out}; it outlives this JVM unless stopped.
   */
  private static Process launch(Path dir, List<String> command, String name) throws IOException {
    Path log = dir.resolve("log").resolve(name + ".log");
    List<String> withLogFile = new ArrayList<>(command);
    withLogFile.add(withLogFile.indexOf("@" + dir.resolve("classpath.args")),
        "-Dlog.file=" + log);
    Process process = new ProcessBuilder(withLogFile)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(
            dir.resolve("log").resolve(name + ".out").toFile()))
        .start();
    process.getOutputStream().close();
    return process;
  }

  private void awaitTaskManagers(int count, long deadline) {
    FlinkRest rest = rest();
    while (true) {
      if (!jobManager.isAlive()) {
        throw new IllegalStateException("The Flink JobManager exited with code "
            + jobManager.exitValue() + " while starting." + logTail("jobmanager"));
      }
      synchronized (this) {
        for (Map.Entry<String, Process> tm : taskManagers.entrySet()) {
          if (!tm.getValue().isAlive()) {
            throw new IllegalStateException("The Flink " + tm.getKey() + " exited with code "
                + tm.getValue().exitValue() + " while starting." + logTail(tm.getKey()));
          }
        }
      }
      if (rest.answers()) {
        JsonNode overview = rest.overview();
        if (overview.path("taskmanagers").asInt() >= count) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The Flink cluster did not have " + count
            + " TaskManager(s) registered on " + webUi() + " within "
            + options.startTimeout.toSeconds() + " s." + logTail("jobmanager"));
      }
      sleep(200);
    }
  }

  private static void abandon(FlinkCluster cluster, Process jobManager, Path dir, boolean ownsDir) {
    if (cluster != null) {
      cluster.stopAll(Duration.ofSeconds(5), ownsDir);
      if (cluster.shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(cluster.shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // Nothing to undo.
        }
      }
      return;
    }
    if (jobManager != null) {
      stopProcess(jobManager.toHandle(), Duration.ofSeconds(5));
    }
    if (ownsDir) {
      deleteRecursively(dir);
    }
  }

  // ---- stopping ----

  /** TaskManagers first, so they do not spend the grace period looking for their JobManager. */
  private synchronized boolean stopAll(Duration grace, boolean deleteDir) {
    closed = true;
    List<CompletableFuture<Boolean>> stops = taskManagers.values().stream()
        .map(tm -> CompletableFuture.supplyAsync(() -> stopProcess(tm.toHandle(), grace)))
        .collect(Collectors.toList());
    boolean clean = stops.stream().map(CompletableFuture::join).reduce(true, Boolean::logicalAnd);
    clean &= stopProcess(jobManager.toHandle(), grace);
    if (deleteDir) {
      deleteRecursively(dir);
    }
    return clean;
  }

  // ---- small helpers ----

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  /** The last lines of a process's log and stdout, to put into an error message. */
  String logTail(String name) {
    return ChildProcesses.logTail(logDir().resolve(name + ".log")) + ChildProcesses.logTail(logDir().resolve(name + ".out"));
  }

}
