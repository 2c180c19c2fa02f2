package dev.streamtemplates.benchmarks.latency;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the pipeline's {@code alerts} topic on a thread of its own and hands each alert, stamped
 * with the time its poll returned, to the {@link SentLedger}.
 */
final class AlertListener implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final KafkaConsumer<String, String> consumer;
  private final SentLedger ledger;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  private AlertListener(KafkaConsumer<String, String> consumer, SentLedger ledger) {
    this.consumer = consumer;
    this.ledger = ledger;
    this.thread = new Thread(this::listen, "latency-alerts");
    this.thread.setDaemon(true);
  }

  /** Starts reading {@code topic} from its beginning (it is created empty for the run). */
  static AlertListener start(String bootstrapServers, String topic, SentLedger ledger) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Answer as soon as anything is there: the wait is part of what we measure.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    AlertListener listener = new AlertListener(consumer, ledger);
    listener.thread.start();
    return listener;
  }

  private void listen() {
    try {
      while (running) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
        long arrived = System.nanoTime();
        long arrivedMillis = System.currentTimeMillis();
        for (ConsumerRecord<String, String> record : records) {
          Map<String, String> fields = fields(record.value(), Set.of("txnId", "cardId", "late"));
          // The record's timestamp is when the pipeline's Kafka writer sent it (CreateTime).
          ledger.alert(fields.get("txnId"), fields.get("cardId"),
              "true".equals(fields.get("late")), arrived, arrivedMillis - record.timestamp());
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Throws what stopped the listener, if anything did. */
  void checkAlive() {
    if (failure != null) {
      throw new IllegalStateException("reading the alerts failed: " + failure, failure);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The named top-level scalar fields of a JSON object, as text; stops reading once all are
   * found. A record that is not a JSON object yields what was found before the problem.
   */
  static Map<String, String> fields(String json, Set<String> names) {
    Map<String, String> found = new HashMap<>();
    if (json == null) {
      return found;
    }
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return found;
      }
      while (found.size() < names.size() && parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (names.contains(name) && value.isScalarValue()) {
          found.put(name, parser.getText());
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // not JSON (the generator sends a few such records on purpose): no more fields
    }
    return found;
  }
}
