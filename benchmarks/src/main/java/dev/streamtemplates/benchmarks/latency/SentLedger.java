package dev.streamtemplates.benchmarks.latency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each transaction and probe went out, and in which step's measured window (none for the
 * warm-up's start, heads and tails), for the alert listener to match answers against. Emptied
 * after each step's drain: an alert arriving later than that is not counted.
 */
final class SentLedger {
  /** {@code step} is null outside a measured window. */
  record Sent(long nanos, StepRecord step) {}

  private final Map<String, Sent> transactions = new ConcurrentHashMap<>();
  private final Map<String, Sent> probes = new ConcurrentHashMap<>();
  private final AtomicLong probeAnswers = new AtomicLong();
  private final AtomicLong alertsAfterDrain = new AtomicLong();

  /** The first send of a txnId counts: the generator retransmits some, later. */
  void transaction(String txnId, long nanos, StepRecord step) {
    transactions.putIfAbsent(txnId, new Sent(nanos, step));
  }

  void probe(String cardId, long nanos, StepRecord step) {
    probes.put(cardId, new Sent(nanos, step));
    if (step != null) {
      step.probeSent(cardId, nanos);
    }
  }

  /**
   * Matches one alert that arrived at {@code arrivedNanos}, {@code deliveryMillis} after the
   * pipeline wrote it.
   */
  void alert(String txnId, String cardId, boolean late, long arrivedNanos, long deliveryMillis) {
    if (cardId != null && cardId.startsWith(TransactionFeed.PROBE_CARD_PREFIX)) {
      Sent probe = probes.get(cardId);
      if (probe == null) {
        alertsAfterDrain.incrementAndGet();
        return;
      }
      probeAnswers.incrementAndGet();
      if (probe.step() != null) {
        probe.step().probeAnswered(cardId, arrivedNanos - probe.nanos());
      }
      return;
    }
    Sent sent = txnId == null ? null : transactions.get(txnId);
    if (sent == null) {
      alertsAfterDrain.incrementAndGet();
    } else if (sent.step() != null) {
      sent.step().alert(arrivedNanos - sent.nanos(), deliveryMillis, late);
    }
  }

  long probeAnswers() {
    return probeAnswers.get();
  }

  /**
   * Alerts on transactions no longer in the ledger: answers that came after their step's drain
   * (mostly on transactions of its unmeasured tail, which the drain does not wait for).
   */
  long alertsAfterDrain() {
    return alertsAfterDrain.get();
  }

  void clear() {
    transactions.clear();
    probes.clear();
  }
}
