package dev.streamtemplates.testing.kafka;

import static dev.streamtemplates.testing.ChildProcesses.deleteRecursively;
import static dev.streamtemplates.testing.ChildProcesses.isPortFree;
import static dev.streamtemplates.testing.ChildProcesses.remaining;
import static dev.streamtemplates.testing.ChildProcesses.sleep;
import static dev.streamtemplates.testing.ChildProcesses.stopProcess;

import dev.streamtemplates.testing.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process) running in a JVM
 * of its own, for tests and for {@code make kafka-up}.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *   kafka.createTopic("events", 3);
 *   kafka.produce("events", List.of(Map.entry("k1", "{...}")));
 *   // run a pipeline against kafka.bootstrapServers()
 *   List<ConsumerRecord<String, String>> out =
 *       kafka.consumeAll("alerts", 10, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>The broker is {@code org.apache.kafka:kafka_2.13} from Maven Central, started with {@code
 * java @classpath.args kafka.Kafka server.properties} in its folder. Its jars (Scala, Jackson 2.16,
 * ZooKeeper, Netty...) never join the caller's classpath: the testing module's build resolves them
 * separately and ships the list as the resource {@code kafka-broker.classpath} next to this class
 * (see {@code testing/src/kafka-broker/pom.xml}). The system property {@value #CLASSPATH_PROPERTY}
 * overrides it with a classpath of your own.
 *
 * <p>{@link #start()} picks free ports and a temporary folder; {@link #close()} stops the process
 * and deletes the folder, and a JVM shutdown hook does the same if a test never gets to close it.
 * The helpers speak strings (keys and values UTF-8), which is what the pipelines read and write.
 */
public final class KafkaBroker implements AutoCloseable {
  /**
   * A classpath (jars joined by the path separator) to run the broker on instead
   * of the built-in one.
   */
  public static final String CLASSPATH_PROPERTY = "kafka.broker.classpath";

  static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
  static final String HOST = "127.0.0.1";
  static final String BROKER_MAIN = "kafka.Kafka";
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

  private final Options options;
  private final Process process;
  private final Path dir;
  private final int port;
  private final Thread shutdownHook;
  private Admin admin;
  private boolean closed;

  private KafkaBroker(Options options, Process process, Path dir, int port, Thread shutdownHook) {
    this.options = options;
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.shutdownHook = shutdownHook;
  }

  /** Starts a broker on free ports in a temporary folder; blocks until it serves clients. */
  public static KafkaBroker start() {
    return start(Options.defaults());
  }

  /** Starts a broker as {@code options} say; blocks until it serves clients. */
  public static KafkaBroker start(Options options) {
    List<String> classpath = ChildProcesses.classpath(KafkaBroker.class, CLASSPATH_RESOURCE, CLASSPATH_PROPERTY, "the Kafka broker");
    int[] ports;
    Path dir;
    try {
      ports = choosePorts(options.port);
      dir = options.dir == null
          ? Files.createTempDirectory("kafka-broker-")
          : Files.createDirectories(options.dir.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot choose ports or create the broker's folder", e);
    }
    boolean ownsDir = options.dir == null;
    Process process = null;
    Thread hook = null;
    try {
      int port = ports[0];
      Path config = writeConfig(dir, port, ports[1], options.detached);
      Path log = dir.resolve("broker.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // An argument file, not -cp on the command line: the classpath is over 4 kB, and
      // ProcessHandle.Info (which `down` uses to recognise the broker) reads only 4 kB of it.
      Path cp = dir.resolve("classpath.args");
      Files.writeString(cp, "-cp \"" + String.join(File.pathSeparator, classpath)
          .replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
      long started = System.nanoTime();
      long deadline = started + options.startTimeout.toNanos();

      if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
        // StorageTool's random-uuid is Uuid.randomUuid() too; calling it here saves a JVM start.
        Process format = launch(log, java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "@" + cp,
            "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
            "-c", config.toString());
        if (!format.waitFor(remaining(deadline), TimeUnit.NANOSECONDS) || format.exitValue() != 0) {
          format.destroyForcibly();
          throw new IllegalStateException(
              "Formatting the broker's storage failed (" + config + ")." + ChildProcesses.logTail(log));
        }
      }

      process = launch(log, java, "-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
          "-Dlog4j.configuration=" + dir.resolve("log4j.properties").toUri(),
          "@" + cp, BROKER_MAIN, config.toString());
      if (!options.detached) {
        Process child = process;
        hook = new Thread(() -> {
          stopProcess(child.toHandle(), Duration.ofSeconds(5));
          if (ownsDir) {
            deleteRecursively(dir);
          }
        }, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
      }
      KafkaBroker broker = new KafkaBroker(options, process, dir, port, hook);
      broker.awaitReady(deadline, log);
      LOG.info("Kafka broker up on {} in {} ms (pid {}, folder {})", broker.bootstrapServers(),
          Duration.ofNanos(System.nanoTime() - started).toMillis(), process.pid(), dir);
      return broker;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(process, hook, dir, ownsDir);
      throw new IllegalStateException("interrupted while starting the Kafka broker", e);
    } catch (IOException e) {
      abandon(process, hook, dir, ownsDir);
      throw new UncheckedIOException("cannot start the Kafka broker in " + dir, e);
    } catch (RuntimeException e) {
      abandon(process, hook, dir, ownsDir);
      throw e;
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** The broker's process id. */
  public long pid() {
    return process.pid();
  }

  /** The broker's folder: config, {@code broker.log} and the {@code data} log dir. */
  public Path dir() {
    return dir;
  }

  /** Creates a topic (replication factor 1) and waits until every partition has a leader. */
  public void createTopic(String name, int partitions) {
    Admin admin = admin();
    get(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all(),
        "create topic " + name);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        TopicDescription topic = admin.describeTopics(List.of(name)).allTopicNames()
            .get(5, TimeUnit.SECONDS).get(name);
        if (topic.partitions().size() == partitions
            && topic.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // The broker has not applied the new metadata yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + name, e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + name + " has no leaders after 30 s" + logTail());
      }
      sleep(100);
    }
  }

  /** Partition count per topic, for the topics that exist now. */
  public Map<String, Integer> topics() {
    Admin admin = admin();
    Collection<String> names = get(admin.listTopics().names(), "list topics");
    Map<String, TopicDescription> described =
        get(admin.describeTopics(names).allTopicNames(), "describe topics");
    Map<String, Integer> partitions = new HashMap<>();
    described.forEach((name, topic) -> partitions.put(name, topic.partitions().size()));
    return partitions;
  }

  /** Sends key/value pairs in order; Kafka's default partitioner picks partitions by key. */
  public void produce(String topic, List<? extends Map.Entry<String, String>> records) {
    send(records.stream()
        .map(r -> new ProducerRecord<>(topic, r.getKey(), r.getValue()))
        .collect(Collectors.toList()));
  }

  /** Sends key/value pairs, in order, all to one partition. */
  public void produce(
      String topic, int partition, List<? extends Map.Entry<String, String>> records) {
    produce(topic, records, r -> partition);
  }

  /** Sends key/value pairs in order, each to the partition {@code partitionOf} chooses. */
  public void produce(String topic, List<? extends Map.Entry<String, String>> records,
      ToIntFunction<Map.Entry<String, String>> partitionOf) {
    send(records.stream()
        .map(r -> new ProducerRecord<>(topic, partitionOf.applyAsInt(r), r.getKey(), r.getValue()))
        .collect(Collectors.toList()));
  }

  /**
   * Sends records as given (topic, partition, timestamp, headers), in order, and waits until the
   * broker has acknowledged every one.
   */
  public void send(List<ProducerRecord<String, String>> records) {
    Properties config = clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (ProducerRecord<String, String> record : records) {
        acks.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("producing to Kafka failed" + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing to Kafka", e);
    }
  }

  /**
   * Every committed record in {@code topic} up to its end at the time of the call, ordered by
   * partition, then offset. Does not wait for more.
   */
  public List<ConsumerRecord<String, String>> consumeAll(String topic) {
    try (KafkaConsumer<String, String> consumer = consumerFromStart(topic)) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reachedEnd(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " to its end took over 60 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return inOrder(records, ends);
    }
  }

  /**
   * Reads {@code topic} from the start until at least {@code expectedCount} records have arrived,
   * ordered by partition, then offset; fails if they have not within {@code timeout}. May return
   * more than {@code expectedCount} when more were already there.
   */
  public List<ConsumerRecord<String, String>> consumeAll(
      String topic, int expectedCount, Duration timeout) {
    try (KafkaConsumer<String, String> consumer = consumerFromStart(topic)) {
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expectedCount) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected at least " + expectedCount + " records on topic "
              + topic + " within " + timeout.toSeconds() + " s, read " + records.size());
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return inOrder(records, null);
    }
  }

  /** Stops the broker (SIGTERM, then SIGKILL after a grace period); deletes a temporary folder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
    long stopping = System.nanoTime();
    boolean clean = stopProcess(process.toHandle(), STOP_TIMEOUT);
    LOG.info("Kafka broker on {} {} in {} ms", bootstrapServers(),
        clean ? "stopped" : "killed", Duration.ofNanos(System.nanoTime() - stopping).toMillis());
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running or will run; it finds the process gone.
      }
    }
    if (options.dir == null) {
      deleteRecursively(dir);
    }
  }

  /** Options for {@link #start(Options)}: immutable, {@code withX} returns a copy. */
  public static final class Options {
    private final int port;
    private final Path dir;
    private final boolean detached;
    private final Duration startTimeout;

    private Options(int port, Path dir, boolean detached, Duration startTimeout) {
      this.port = port;
      this.dir = dir;
      this.detached = detached;
      this.startTimeout = startTimeout;
    }

    /** A free port, a temporary folder, stopped with this JVM, 90 s to come up. */
    public static Options defaults() {
      return new Options(0, null, false, Duration.ofSeconds(90));
    }

    /** The client port; 0 picks a free one. Fails at start if it is taken. */
    public Options withPort(int port) {
      return new Options(port, dir, detached, startTimeout);
    }

    /**
     * A folder of one's own, kept on close; storage already formatted there is reused, so topics
     * survive a restart.
     */
    public Options withDir(Path dir) {
      return new Options(port, dir, detached, startTimeout);
    }

    /** Leaves the broker running when this JVM exits (no shutdown hook): {@code make kafka-up}. */
    public Options detached() {
      return new Options(port, dir, true, startTimeout);
    }

    /** How long start-up (format and first answer to a client) may take on a busy machine. */
    public Options withStartTimeout(Duration startTimeout) {
      return new Options(port, dir, detached, startTimeout);
    }
  }

  // ---- start-up ----

  /** The client port ({@code requested}, or a free one if 0) and a free controller port. */
  private static int[] choosePorts(int requested) throws IOException {
    if (requested != 0 && !isPortFree(requested)) {
      throw new PortInUseException(requested);
    }
    // Hold both sockets while choosing so the two ports differ.
    try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return new int[] {requested != 0 ? requested : a.getLocalPort(), b.getLocalPort()};
    }
  }

  /** The port a broker was asked for is taken. */
  public static final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortInUseException(int port) {
      super("Port " + port + " on " + HOST + " is already in use (another Kafka broker?).");
    }
  }

  private static Path writeConfig(Path dir, int port, int controllerPort, boolean forUsers)
      throws IOException {
    String listeners = "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":"
        + controllerPort;
    List<String> server = List.of(
        "# Written by " + KafkaBroker.class.getName() + " at each start.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
        "listeners=" + listeners,
        "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        // A user's broker (make kafka-up) creates topics on first use, three partitions each;
        // a test's broker only has the topics the test creates.
        "num.partitions=" + (forUsers ? 3 : 1),
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        // One partition each: on one node more only slow down the first consumer group.
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=" + forUsers,
        // Test records often carry old event-time timestamps; never expire them by age.
        "log.retention.ms=-1");
    Path config = dir.resolve("server.properties");
    Files.write(config, server, StandardCharsets.UTF_8);
    Files.write(dir.resolve("log4j.properties"), List.of(
        "log4j.rootLogger=INFO, stdout",
        "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
        "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
        "log4j.logger.kafka.request.logger=WARN",
        "log4j.logger.state.change.logger=WARN"), StandardCharsets.UTF_8);
    return config;
  }

  /** Starts a child JVM whose output goes to {@code log}; it outlives this JVM unless stopped. */
  private static Process launch(Path log, String... command) throws IOException {
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    process.getOutputStream().close();
    return process;
  }

  private void awaitReady(long deadline, Path log) throws InterruptedException {
    // Wait for the listener first: an admin client polling a closed port logs a warning a try.
    while (!isListening(port)) {
      checkStarting(deadline, log);
      Thread.sleep(100);
    }
    Properties config = clientConfig();
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    try (Admin probe = Admin.create(config)) {
      while (true) {
        checkStarting(deadline, log);
        try {
          if (!probe.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
              .get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException notYet) {
          // Not registered with its controller yet.
        }
        Thread.sleep(100);
      }
    }
  }

  private void checkStarting(long deadline, Path log) {
    if (!process.isAlive()) {
      throw new IllegalStateException("The Kafka broker exited with code "
          + process.exitValue() + " while starting." + ChildProcesses.logTail(log));
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("The Kafka broker did not answer on "
          + bootstrapServers() + " within " + options.startTimeout.toSeconds() + " s."
          + ChildProcesses.logTail(log));
    }
  }

  private static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void abandon(Process process, Thread hook, Path dir, boolean ownsDir) {
    if (process != null) {
      stopProcess(process.toHandle(), Duration.ofSeconds(5));
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // Nothing to undo.
      }
    }
    if (ownsDir) {
      deleteRecursively(dir);
    }
  }

  // ---- stopping ----

  // ---- clients ----

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("the Kafka broker is closed");
    }
    if (admin == null) {
      admin = Admin.create(clientConfig());
    }
    return admin;
  }

  private Properties clientConfig() {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  private KafkaConsumer<String, String> consumerFromStart(String topic) {
    Properties config = clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (partitions == null || partitions.isEmpty()) {
      consumer.close();
      throw new IllegalArgumentException("topic " + topic + " does not exist");
    }
    List<TopicPartition> assigned = partitions.stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .collect(Collectors.toList());
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    return consumer;
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /** By partition, then offset; records past {@code ends} (if given) are left out. */
  private static List<ConsumerRecord<String, String>> inOrder(
      List<ConsumerRecord<String, String>> records, Map<TopicPartition, Long> ends) {
    return records.stream()
        .filter(r -> ends == null
            || r.offset() < ends.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L))
        .sorted(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset))
        .collect(Collectors.toList());
  }

  private <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot " + what + ": no answer in 30 s" + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  private String logTail() {
    return ChildProcesses.logTail(dir.resolve("broker.log"));
  }

}
