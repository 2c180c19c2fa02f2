package dev.streamtemplates.benchmarks.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one step measured, filled by the producer (what was sent in the measured window, and
 * when) and the alert listener (when each answer came back). Times are {@link System#nanoTime()}
 * of this JVM, which both sides share.
 */
final class StepRecord {
  final double rate;
  private volatile long windowStartNanos;
  private volatile long windowEndNanos;
  private final AtomicLong generated = new AtomicLong();
  private final AtomicLong lateAlerts = new AtomicLong();
  private final AtomicLong producerBehindNanos = new AtomicLong();
  private final Map<String, Long> probeSentNanos = new ConcurrentHashMap<>();
  private final Map<String, Long> probeLatencyNanos = new ConcurrentHashMap<>();
  private final List<Long> alertLatencyNanos = new ArrayList<>();
  private final List<Long> deliveries = new ArrayList<>();

  StepRecord(double rate) {
    this.rate = rate;
  }

  void window(long startNanos, long endNanos) {
    windowStartNanos = startNanos;
    windowEndNanos = endNanos;
  }

  boolean inWindow(long nanos) {
    return nanos >= windowStartNanos && nanos < windowEndNanos;
  }

  long windowStartNanos() {
    return windowStartNanos;
  }

  long windowEndNanos() {
    return windowEndNanos;
  }

  /** A generator record sent in the window. */
  void generated() {
    generated.incrementAndGet();
  }

  long generatedCount() {
    return generated.get();
  }

  /** The producer sent a record this long after it was due. */
  void producerBehind(long nanos) {
    producerBehindNanos.accumulateAndGet(nanos, Math::max);
  }

  long producerMaxBehindNanos() {
    return producerBehindNanos.get();
  }

  void probeSent(String cardId, long sentNanos) {
    probeSentNanos.put(cardId, sentNanos);
  }

  /** The first alert of a probe's card; a second one (there should be none) changes nothing. */
  void probeAnswered(String cardId, long latencyNanos) {
    if (probeSentNanos.containsKey(cardId)) {
      probeLatencyNanos.putIfAbsent(cardId, latencyNanos);
    }
  }

  /**
   * An alert on a generated transaction sent in the window; {@code deliveryMillis} of its latency
   * came after the pipeline wrote it.
   */
  void alert(long latencyNanos, long deliveryMillis, boolean late) {
    synchronized (alertLatencyNanos) {
      alertLatencyNanos.add(latencyNanos);
      deliveries.add(deliveryMillis);
    }
    if (late) {
      lateAlerts.incrementAndGet();
    }
  }

  boolean allProbesAnswered() {
    return probeLatencyNanos.size() >= probeSentNanos.size();
  }

  Map<String, Long> probeSentNanos() {
    return Map.copyOf(probeSentNanos);
  }

  Map<String, Long> probeLatencyNanos() {
    return Map.copyOf(probeLatencyNanos);
  }

  List<Long> alertLatencyNanos() {
    synchronized (alertLatencyNanos) {
      return List.copyOf(alertLatencyNanos);
    }
  }

  List<Long> deliveryMillis() {
    synchronized (alertLatencyNanos) {
      return List.copyOf(deliveries);
    }
  }

  long lateAlerts() {
    return lateAlerts.get();
  }
}
