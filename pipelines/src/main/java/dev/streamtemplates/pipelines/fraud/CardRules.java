package dev.streamtemplates.pipelines.fraud;

import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.order.SequenceEvaluator;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * The contract's four rules over one card's transactions in event-time order. Each rule reads
 * only the transaction's past (and its own instant), so its verdict does not depend on arrival
 * order. An alert is {@code (cardId, json)}.
 */
public final class CardRules implements SequenceEvaluator<Transaction, KV<String, String>> {
  private static final long serialVersionUID = 1L;

  private final List<Rule> rules;

  CardRules(List<Rule> rules) {
    this.rules = new ArrayList<>(rules);
  }

  /** The rules chosen by {@code --rules}, with their parameters from the options. */
  public static CardRules from(FraudOptions options) {
    List<Rule> rules = new ArrayList<>();
    for (FraudRule rule : FraudOptions.rules(options)) {
      switch (rule) {
        case VELOCITY:
          rules.add(new Velocity(options.getVelocityCount(), options.getVelocityWindowSec() * 1000));
          break;
        case AMOUNT_SPIKE:
          rules.add(new AmountSpike(options.getAmountSpikeFactor(), options.getAmountSpikeHistory(),
              options.getAmountSpikeMinHistory()));
          break;
        case IMPOSSIBLE_TRAVEL:
          rules.add(new ImpossibleTravel(options.getImpossibleTravelMinKm(),
              options.getImpossibleTravelMaxKmh()));
          break;
        case CARD_TESTING:
          rules.add(new CardTesting(options.getCardTestingAmount(), options.getCardTestingSmallAmount(),
              options.getCardTestingSmallCount(), options.getCardTestingWindowSec() * 1000));
          break;
        default:
          throw new IllegalStateException("no implementation for " + rule);
      }
    }
    return new CardRules(rules);
  }

  /** How many previous transactions the rules may read, whatever their age. */
  public int historyCount() {
    return rules.stream().mapToInt(Rule::historyCount).max().orElse(0);
  }

  /** How far back (ms) the rules may read, whatever the count. */
  public long historyMillis() {
    return rules.stream().mapToLong(Rule::historyMillis).max().orElse(0);
  }

  @Override
  public void evaluate(
      String cardId,
      List<TimestampedValue<Transaction>> sequence,
      int current,
      boolean late,
      Results<KV<String, String>> out) {
    Transaction t = sequence.get(current).getValue();
    for (Rule rule : rules) {
      String reason = rule.reason(sequence, current);
      if (reason != null) {
        FraudRule name = rule.name();
        String alert =
            JsonLine.object()
                .put("alertId", t.txnId() + ":" + name)
                .put("txnId", t.txnId())
                .put("cardId", cardId)
                .put("rule", name.name())
                .put("reason", reason)
                .putTime("timestamp", t.eventTimeMillis())
                .put("amount", BigDecimal.valueOf(t.amount()))
                .put("currency", t.currency())
                .put("merchantId", t.merchantId())
                .put("country", t.country())
                .put("late", late)
                .end();
        out.emit(name.ordinal(), KV.of(cardId, alert));
      }
    }
  }

  /** One rule: a reason when it fires for {@code sequence.get(current)}, else null. */
  interface Rule extends Serializable {
    FraudRule name();

    String reason(List<TimestampedValue<Transaction>> sequence, int current);

    default int historyCount() {
      return 0;
    }

    default long historyMillis() {
      return 0;
    }
  }

  private static long time(List<TimestampedValue<Transaction>> sequence, int i) {
    return sequence.get(i).getTimestamp().getMillis();
  }

  private static String money(double amount) {
    return String.format(Locale.ROOT, "%,.2f", amount);
  }

  /** At least {@code count} transactions in {@code (t - window, t]}, t's own instant included. */
  static final class Velocity implements Rule {
    private static final long serialVersionUID = 1L;
    private final int count;
    private final long windowMillis;

    Velocity(int count, long windowMillis) {
      this.count = count;
      this.windowMillis = windowMillis;
    }

    @Override
    public FraudRule name() {
      return FraudRule.VELOCITY;
    }

    @Override
    public long historyMillis() {
      return windowMillis;
    }

    @Override
    public String reason(List<TimestampedValue<Transaction>> sequence, int current) {
      long t = time(sequence, current);
      int n = 1;
      for (int i = current - 1; i >= 0 && time(sequence, i) > t - windowMillis; i--) {
        n++;
      }
      for (int i = current + 1; i < sequence.size() && time(sequence, i) == t; i++) {
        n++; // simultaneous: part of (t - w, t]
      }
      if (n < count) {
        return null;
      }
      return String.format(Locale.ROOT, "%d transactions in %s", n, duration(windowMillis));
    }
  }

  /** Amount above {@code factor} x the mean of the card's last {@code history} transactions. */
  static final class AmountSpike implements Rule {
    private static final long serialVersionUID = 1L;
    private final double factor;
    private final int history;
    private final int minHistory;

    AmountSpike(double factor, int history, int minHistory) {
      this.factor = factor;
      this.history = history;
      this.minHistory = minHistory;
    }

    @Override
    public FraudRule name() {
      return FraudRule.AMOUNT_SPIKE;
    }

    private boolean exceedsExactly(List<TimestampedValue<Transaction>> sequence, int from, int current) {
      BigDecimal sum = BigDecimal.ZERO;
      for (int i = from; i < current; i++) {
        sum = sum.add(BigDecimal.valueOf(sequence.get(i).getValue().amount()));
      }
      BigDecimal scaled = BigDecimal.valueOf(sequence.get(current).getValue().amount())
          .multiply(BigDecimal.valueOf(current - from));
      return scaled.compareTo(sum.multiply(BigDecimal.valueOf(factor))) > 0;
    }

    @Override
    public int historyCount() {
      return history;
    }

    @Override
    public String reason(List<TimestampedValue<Transaction>> sequence, int current) {
      int from = Math.max(0, current - history);
      int n = current - from;
      if (n < minHistory) {
        return null;
      }
      double sum = 0;
      for (int i = from; i < current; i++) {
        sum += sequence.get(i).getValue().amount();
      }
      double amount = sequence.get(current).getValue().amount();
      double ratio = amount * n / (factor * sum);
      // Binary rounding only matters right at the boundary ("exactly 5x the mean" must not
      // fire): decide there in exact decimals, everywhere else in doubles (no allocation).
      if (ratio < 1 - 1e-9 || (ratio <= 1 + 1e-9 && !exceedsExactly(sequence, from, current))) {
        return null;
      }
      double mean = sum / n;
      return String.format(Locale.ROOT, "amount %s is %.1fx the mean %s of the last %d",
          money(amount), amount / mean, money(mean), n);
    }
  }

  /** Too far from the previous transaction, too fast. */
  static final class ImpossibleTravel implements Rule {
    private static final long serialVersionUID = 1L;
    private static final double EARTH_RADIUS_KM = 6371.0;
    private final double minKm;
    private final double maxKmh;

    ImpossibleTravel(double minKm, double maxKmh) {
      this.minKm = minKm;
      this.maxKmh = maxKmh;
    }

    @Override
    public FraudRule name() {
      return FraudRule.IMPOSSIBLE_TRAVEL;
    }

    @Override
    public int historyCount() {
      return 1;
    }

    @Override
    public String reason(List<TimestampedValue<Transaction>> sequence, int current) {
      if (current == 0) {
        return null;
      }
      Transaction previous = sequence.get(current - 1).getValue();
      Transaction t = sequence.get(current).getValue();
      double km = haversineKm(previous.lat(), previous.lon(), t.lat(), t.lon());
      if (!(km > minKm)) {
        return null;
      }
      long millis = time(sequence, current) - time(sequence, current - 1);
      double kmh = millis == 0 ? Double.POSITIVE_INFINITY : km / (millis / 3_600_000.0);
      if (!(kmh > maxKmh)) {
        return null;
      }
      String speed =
          Double.isInfinite(kmh) ? "infinite speed" : String.format(Locale.ROOT, "%,.0f km/h", kmh);
      return String.format(Locale.ROOT, "%,.0f km from %s to %s in %s = %s",
          km, previous.country(), t.country(), duration(millis), speed);
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
      double dLat = Math.toRadians(lat2 - lat1);
      double dLon = Math.toRadians(lon2 - lon1);
      double a =
          Math.sin(dLat / 2) * Math.sin(dLat / 2)
              + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2))
                  * Math.sin(dLon / 2) * Math.sin(dLon / 2);
      return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
  }

  /** A large amount after several tiny probes within the window before it. */
  static final class CardTesting implements Rule {
    private static final long serialVersionUID = 1L;
    private final double largeAmount;
    private final double smallAmount;
    private final int smallCount;
    private final long windowMillis;

    CardTesting(double largeAmount, double smallAmount, int smallCount, long windowMillis) {
      this.largeAmount = largeAmount;
      this.smallAmount = smallAmount;
      this.smallCount = smallCount;
      this.windowMillis = windowMillis;
    }

    @Override
    public FraudRule name() {
      return FraudRule.CARD_TESTING;
    }

    @Override
    public long historyMillis() {
      return windowMillis;
    }

    @Override
    public String reason(List<TimestampedValue<Transaction>> sequence, int current) {
      double amount = sequence.get(current).getValue().amount();
      if (amount < largeAmount) {
        return null;
      }
      long from = time(sequence, current) - windowMillis;
      int probes = 0;
      for (int i = current - 1; i >= 0 && time(sequence, i) >= from; i--) {
        if (sequence.get(i).getValue().amount() < smallAmount) {
          probes++;
        }
      }
      if (probes < smallCount) {
        return null;
      }
      return String.format(Locale.ROOT, "amount %s after %d transactions under %s in the previous %s",
          money(amount), probes, money(smallAmount), duration(windowMillis));
    }
  }

  /** "40 s", "40 min", "2.5 h": how an analyst reads a time span. */
  static String duration(long millis) {
    if (millis < 120_000) {
      return millis % 1000 == 0
          ? (millis / 1000) + " s"
          : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    if (millis < 2 * 3_600_000) {
      return Math.round(millis / 60_000.0) + " min";
    }
    return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
  }
}
