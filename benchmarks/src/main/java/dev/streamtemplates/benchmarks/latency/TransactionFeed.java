package dev.streamtemplates.benchmarks.latency;

import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.GeneratedEvent;
import dev.streamtemplates.transforms.json.JsonLine;
import java.math.BigDecimal;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the fraud generator's transactions to the input topic at a fixed rate, as {@code make
 * produce} does (event time = the record's turn on the clock, moved by the generator's own
 * disorder), and interleaves <em>probes</em>: pairs of transactions on a fresh card, one at home
 * in Paris and one in Sydney at the same instant, which fire exactly one IMPOSSIBLE_TRAVEL alert.
 * Probes are in event-time order and keyed by card (one partition, in order); at the default
 * 10 a second they add 20 transactions a second to the load.
 *
 * <p>Each send is noted in the {@link SentLedger} with the time {@code send()} was called.
 */
final class TransactionFeed implements AutoCloseable {
  static final String PROBE_CARD_PREFIX = "c-latency-probe-";
  private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final EventGenerator generator;
  private final RateSchedule schedule;
  private final long probeIntervalNanos;
  private final SentLedger ledger;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final Callback onAck = (metadata, error) -> {
    if (error != null && failures.getAndIncrement() == 0) {
      firstFailure.set(error);
    }
  };
  private long nextIndex;
  private long nextProbe;

  TransactionFeed(String bootstrapServers, String topic, EventGenerator generator, long seed,
      double probesPerSec, SentLedger ledger) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    this.topic = topic;
    this.generator = generator;
    this.schedule = new RateSchedule(generator, seed);
    this.probeIntervalNanos = (long) (1e9 / probesPerSec);
    this.ledger = ledger;
  }

  /**
   * Sends probes only, one every 200 ms, until {@code done} says so; false if {@code timeoutNanos}
   * passed first. {@code check} runs every half second and throws if the run cannot go on.
   */
  boolean probeUntil(BooleanSupplier done, long timeoutNanos, Runnable check) {
    long start = System.nanoTime();
    long lastCheck = start;
    while (!done.getAsBoolean()) {
      long now = System.nanoTime();
      if (now - start > timeoutNanos) {
        return false;
      }
      if (now - lastCheck > CHECK_EVERY_NANOS) {
        check.run();
        checkSends();
        lastCheck = now;
      }
      sendProbe(now, null);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    return true;
  }

  /**
   * One step: {@code rate} generator records a second (plus probes) for head, window and tail in
   * a row; what is sent in the window is noted in {@code record}. Returns when the tail is sent.
   */
  void run(double rate, long headNanos, long windowNanos, long tailNanos, StepRecord record,
      Runnable check) {
    long startNanos = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    long firstIndex = nextIndex;
    schedule.startSegment(firstIndex, startMillis, rate);
    record.window(startNanos + headNanos, startNanos + headNanos + windowNanos);
    long endNanos = startNanos + headNanos + windowNanos + tailNanos;
    double nanosPerRecord = 1e9 / rate;
    long probeDue = startNanos + probeIntervalNanos / 2;
    long lastCheck = startNanos;
    while (true) {
      long recordDue = startNanos + (long) ((nextIndex - firstIndex) * nanosPerRecord);
      long due = Math.min(recordDue, probeDue);
      if (due >= endNanos) {
        break;
      }
      long now = System.nanoTime();
      while (now < due) {
        LockSupport.parkNanos(due - now);
        now = System.nanoTime();
      }
      StepRecord window = record.inWindow(now) ? record : null;
      if (window != null) {
        window.producerBehind(now - due);
      }
      if (probeDue <= recordDue) {
        sendProbe(now, window);
        probeDue += probeIntervalNanos;
      } else {
        GeneratedEvent event = generator.generate(nextIndex++, schedule);
        String txnId = AlertListener.fields(event.payload(), Set.of("txnId")).get("txnId");
        if (txnId != null) {
          ledger.transaction(txnId, now, window);
        }
        if (window != null) {
          window.generated();
        }
        producer.send(new ProducerRecord<>(topic, null, event.payload()), onAck);
      }
      if (now - lastCheck > CHECK_EVERY_NANOS) {
        check.run();
        checkSends();
        lastCheck = now;
      }
    }
    producer.flush();
    checkSends();
  }

  private void sendProbe(long nowNanos, StepRecord window) {
    long n = nextProbe++;
    String card = PROBE_CARD_PREFIX + n;
    long timestamp = System.currentTimeMillis();
    ledger.probe(card, nowNanos, window);
    // Same instant, 17,000 km apart: the second in (timestamp, txnId) order fires.
    producer.send(new ProducerRecord<>(topic, card,
        probe("lp-" + n + "-1", card, "EUR", "FR", "48.85660", "2.35220", timestamp)), onAck);
    producer.send(new ProducerRecord<>(topic, card,
        probe("lp-" + n + "-2", card, "AUD", "AU", "-33.86880", "151.20930", timestamp)), onAck);
  }

  private static String probe(String txnId, String card, String currency, String country,
      String lat, String lon, long timestamp) {
    return JsonLine.object()
        .put("txnId", txnId)
        .put("cardId", card)
        .put("amount", new BigDecimal("25.00"))
        .put("currency", currency)
        .put("merchantId", "m-latency-probe")
        .put("merchantCategory", "services")
        .put("country", country)
        .put("lat", new BigDecimal(lat))
        .put("lon", new BigDecimal(lon))
        .putTime("timestamp", timestamp)
        .end();
  }

  private void checkSends() {
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " sends to " + topic + " failed, first: "
          + firstFailure.get(), firstFailure.get());
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
