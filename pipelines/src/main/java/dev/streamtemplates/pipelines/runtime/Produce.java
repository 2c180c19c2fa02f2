package dev.streamtemplates.pipelines.runtime;

import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.GeneratedEvent;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Feeds a Kafka topic with a pipeline's synthetic traffic, in real time at a chosen rate, so a
 * pipeline reading {@code --source=kafka} sees live data (event times follow the clock). The
 * records are exactly what {@code --source=synthetic} would generate for the same seed, bad and
 * late ones included.
 *
 * <pre>
 * java -cp pipelines-bundled.jar dev.streamtemplates.pipelines.runtime.Produce fraud \
 *     --kafkaBootstrapServers=127.0.0.1:9092 --topic=fraud-in --eventsPerSecond=200 --maxEvents=60000
 * </pre>
 */
public final class Produce {
  private Produce() {}

  /** Runs until {@code --maxEvents} records are sent (forever without it). */
  public static void run(String pipeline, Supplier<EventGenerator> generators, String[] args) {
    Map<String, String> options = parse(args);
    String servers = options.getOrDefault("kafkaBootstrapServers", "127.0.0.1:9092");
    String topic = options.getOrDefault("topic", pipeline + "-in");
    double rate = Double.parseDouble(options.getOrDefault("eventsPerSecond", "200"));
    long max = Long.parseLong(options.getOrDefault("maxEvents", "-1"));
    long seed = Long.parseLong(options.getOrDefault("seed", "42"));
    EventGenerator generator = generators.get();
    long start = System.currentTimeMillis();
    SyntheticSource stream = new SyntheticSource(generator, rate, max, seed, start);

    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    System.err.printf("producing %s records to %s on %s at %.0f/s%s%n", pipeline, topic, servers, rate,
        max < 0 ? " until stopped" : ", " + max + " in all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      long lastReport = start;
      for (long i = 0; max < 0 || i < max; i++) {
        long due = stream.nominalTimeMillis(i);
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        GeneratedEvent event = generator.generate(i, stream);
        producer.send(new ProducerRecord<>(topic, null, event.payload()), (metadata, error) -> {
          if (error != null) {
            System.err.println("send failed: " + error);
          }
        });
        long now = System.currentTimeMillis();
        if (now - lastReport >= 10_000) {
          System.err.printf("[produce] %d records sent%n", i + 1);
          lastReport = now;
        }
      }
      producer.flush();
      System.err.println("[produce] done: " + max + " records sent to " + topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new TreeMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'; options: "
            + "--kafkaBootstrapServers, --topic, --eventsPerSecond, --maxEvents, --seed");
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!java.util.Set.of("kafkaBootstrapServers", "topic", "eventsPerSecond", "maxEvents", "seed").contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; options: "
            + "--kafkaBootstrapServers, --topic, --eventsPerSecond, --maxEvents, --seed");
      }
      options.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }
}
