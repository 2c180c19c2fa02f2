package dev.streamtemplates.testing.kafka;

import dev.streamtemplates.testing.CliArgs;
import dev.streamtemplates.testing.ChildProcesses;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A local Kafka broker for people: {@code make kafka-up} and {@code make kafka-down}.
 *
 * <pre>
 * KafkaBrokerCli up [--port 9092] [--dir build/kafka]    start a broker that outlives this command
 * KafkaBrokerCli down [--dir build/kafka]                stop it
 * KafkaBrokerCli topics create NAME PARTITIONS [--dir build/kafka]
 * KafkaBrokerCli topics list [--dir build/kafka]
 * </pre>
 *
 * <p>{@code up} keeps the broker's config, log ({@code broker.log}) and data in the folder and
 * writes {@code broker.pid} and {@code bootstrap.servers} there; {@code down} reads them back.
 * Data survives a {@code down} and {@code up}; delete the folder for a fresh broker.
 */
public final class KafkaBrokerCli {
  static final String PID_FILE = "broker.pid";
  static final String BOOTSTRAP_FILE = "bootstrap.servers";
  static final int DEFAULT_PORT = 9092;
  static final String DEFAULT_DIR = "build/kafka";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final String USAGE = String.join("\n",
      "usage: KafkaBrokerCli up [--port " + DEFAULT_PORT + "] [--dir " + DEFAULT_DIR + "]",
      "       KafkaBrokerCli down [--dir " + DEFAULT_DIR + "]",
      "       KafkaBrokerCli topics create NAME PARTITIONS [--dir " + DEFAULT_DIR + "]",
      "       KafkaBrokerCli topics list [--dir " + DEFAULT_DIR + "]");

  private final PrintStream out;
  private final PrintStream err;

  KafkaBrokerCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new KafkaBrokerCli(System.out, System.err).run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the exit code. */
  int run(String[] args) {
    CliArgs cli;
    try {
      cli = CliArgs.parse(args, Set.of("port", "dir"));
    } catch (CliArgs.UsageException e) {
      return usage(e.getMessage());
    }
    List<String> words = cli.words;
    Path dir = Path.of(cli.flag("dir", DEFAULT_DIR)).toAbsolutePath().normalize();
    String command = String.join(" ", words.subList(0, Math.min(2, words.size())));
    try {
      if (words.size() == 1 && words.get(0).equals("up")) {
        return up(dir, Integer.parseInt(cli.flag("port", "" + DEFAULT_PORT)));
      } else if (words.size() == 1 && words.get(0).equals("down")) {
        return down(dir);
      } else if (words.size() == 4 && command.equals("topics create")) {
        return createTopic(dir, words.get(2), Integer.parseInt(words.get(3)));
      } else if (words.size() == 2 && command.equals("topics list")) {
        return listTopics(dir);
      }
    } catch (NumberFormatException e) {
      return usage("not a number: " + e.getMessage());
    }
    return usage(words.isEmpty() ? "no command" : "unknown command: " + String.join(" ", words));
  }

  private int up(Path dir, int port) {
    Optional<ProcessHandle> running = runningBroker(dir);
    if (running.isPresent()) {
      out.println("Kafka is already running from " + dir + ": bootstrap servers "
          + ChildProcesses.readFile(dir.resolve(BOOTSTRAP_FILE)).orElse("?") + " (pid " + running.get().pid()
          + ").");
      return 0;
    }
    KafkaBroker broker;
    try {
      broker = KafkaBroker.start(KafkaBroker.Options.defaults()
          .withPort(port).withDir(dir).detached().withStartTimeout(START_TIMEOUT));
    } catch (KafkaBroker.PortInUseException e) {
      err.println(e.getMessage() + " Stop whatever listens there, or choose another port with"
          + " --port (make kafka-up KAFKA_PORT=" + (port + 1) + ").");
      return 1;
    } catch (RuntimeException e) {
      err.println("Kafka did not start: " + e.getMessage());
      return 1;
    }
    ChildProcesses.writeFile(dir.resolve(PID_FILE), Long.toString(broker.pid()));
    ChildProcesses.writeFile(dir.resolve(BOOTSTRAP_FILE), broker.bootstrapServers());
    out.println("Kafka is up: bootstrap servers " + broker.bootstrapServers() + " (pid "
        + broker.pid() + "; config, broker.log and data in " + dir + ").");
    out.println("Stop it with: make kafka-down   (or: KafkaBrokerCli down --dir " + dir + ")");
    return 0;
  }

  private int down(Path dir) {
    Optional<Long> pid = ChildProcesses.readFile(dir.resolve(PID_FILE)).map(Long::parseLong);
    if (pid.isEmpty()) {
      out.println("No Kafka broker is running from " + dir + " (no " + PID_FILE + ").");
      return 0;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      ChildProcesses.forget(dir, PID_FILE, BOOTSTRAP_FILE);
      out.println("Kafka was not running (pid " + pid.get() + " is gone); removed the stale "
          + PID_FILE + " from " + dir + ".");
      return 0;
    }
    if (!isBroker(process.get())) {
      err.println("pid " + pid.get() + " (from " + dir.resolve(PID_FILE) + ") is not a Kafka "
          + "broker: " + process.get().info().commandLine().orElse("?") + ". Not stopping it;"
          + " delete the pid file if it is stale.");
      return 1;
    }
    boolean clean = ChildProcesses.stopProcess(process.get(), STOP_TIMEOUT);
    ChildProcesses.forget(dir, PID_FILE, BOOTSTRAP_FILE);
    out.println("Kafka stopped (pid " + pid.get() + (clean ? "" : ", killed after "
        + STOP_TIMEOUT.toSeconds() + " s") + "). Its data stays in " + dir.resolve("data")
        + "; delete " + dir + " for a fresh broker.");
    return 0;
  }

  private int createTopic(Path dir, String name, int partitions) {
    Optional<String> bootstrap = bootstrapOfRunning(dir);
    if (bootstrap.isEmpty()) {
      return 1;
    }
    try (Admin admin = Admin.create(adminConfig(bootstrap.get()))) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
            .get(30, TimeUnit.SECONDS);
        out.println("Created topic " + name + " with " + partitions + " partitions on "
            + bootstrap.get() + ".");
        return 0;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        int existing = admin.describeTopics(List.of(name)).allTopicNames()
            .get(30, TimeUnit.SECONDS).get(name).partitions().size();
        if (existing == partitions) {
          out.println("Topic " + name + " already exists with " + existing + " partitions.");
          return 0;
        }
        err.println("Topic " + name + " already exists with " + existing + " partitions, not "
            + partitions + ". Delete " + dir + " for a fresh broker, or use another name.");
        return 1;
      }
    } catch (ExecutionException | TimeoutException e) {
      err.println("Cannot create topic " + name + " on " + bootstrap.get() + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : "no answer in 30 s"));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int listTopics(Path dir) {
    Optional<String> bootstrap = bootstrapOfRunning(dir);
    if (bootstrap.isEmpty()) {
      return 1;
    }
    try (Admin admin = Admin.create(adminConfig(bootstrap.get()))) {
      Map<String, TopicDescription> topics = admin.describeTopics(
          admin.listTopics().names().get(30, TimeUnit.SECONDS)).allTopicNames()
          .get(30, TimeUnit.SECONDS);
      new TreeMap<>(topics).forEach((name, topic) ->
          out.println(name + "\t" + topic.partitions().size() + " partitions"));
      return 0;
    } catch (ExecutionException | TimeoutException e) {
      err.println("Cannot list topics on " + bootstrap.get() + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : "no answer in 30 s"));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int usage(String problem) {
    err.println(problem);
    err.println(USAGE);
    return 2;
  }

  // ---- the folder's pid and bootstrap files ----

  private Optional<String> bootstrapOfRunning(Path dir) {
    if (runningBroker(dir).isEmpty()) {
      err.println("No Kafka broker is running from " + dir + "; start one with make kafka-up.");
      return Optional.empty();
    }
    return ChildProcesses.readFile(dir.resolve(BOOTSTRAP_FILE));
  }

  /** The live broker process named by the folder's pid file, if any. */
  static Optional<ProcessHandle> runningBroker(Path dir) {
    return ChildProcesses.readFile(dir.resolve(PID_FILE))
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
        .filter(ProcessHandle::isAlive)
        .filter(KafkaBrokerCli::isBroker);
  }

  /** Guards against a recycled pid. When the OS does not say, trust our own pid file. */
  private static boolean isBroker(ProcessHandle process) {
    return process.info().commandLine()
        .map(line -> line.contains(KafkaBroker.BROKER_MAIN + " "))
        .orElse(true);
  }

  private static Properties adminConfig(String bootstrap) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return config;
  }
}
