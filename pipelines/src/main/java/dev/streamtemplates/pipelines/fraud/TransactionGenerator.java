package dev.streamtemplates.pipelines.fraud;

import dev.streamtemplates.io.synthetic.Disorder;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.GeneratedEvent;
import dev.streamtemplates.io.synthetic.SyntheticStream;
import dev.streamtemplates.io.synthetic.ZipfDistribution;
import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.time.EventTimes;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.joda.time.Duration;

/**
 * Synthetic card transactions: ordinary traffic that trips the fraud rules rarely, plus injected
 * fraud that trips each rule at a known rate, so every alert kind shows up in a short run.
 *
 * <p>Ordinary traffic: {@value #CARDS} cards ({@code c-<n>}) with Zipf-skewed activity (exponent
 * {@value #CARD_SKEW}). A card's home city, among 20 real ones, and its typical spend follow from
 * its number alone; each purchase is at a merchant of the home city, a few km from its centre, in
 * the local currency. Amounts are log-normal overall, about exp(3.5 + 1.0 g), split between the
 * card's typical spend and the purchase so that a card's own amounts vary less than everyone's.
 *
 * <p>Injected fraud: in every {@value #PATTERN_PERIOD} records (10 s at 200 events/s) period
 * {@code k = index / PATTERN_PERIOD} has, in its first 1,000 indexes, one fresh card per pattern;
 * the card follows from the index alone, so a pattern's transactions agree wherever they are made:
 *
 * <ul>
 *   <li>{@code c-fv<k>}, VELOCITY: {@value #VELOCITY_TXNS} purchases {@value #VELOCITY_SPACING}
 *       indexes apart (1.75 s at 200/s); the 5th to 8th fire VELOCITY (4 alerts).
 *   <li>{@code c-fs<k>}, AMOUNT_SPIKE: 3 purchases close to the card's typical spend, then one of
 *       20 to 50 times it (1 alert).
 *   <li>{@code c-ft<k>}, IMPOSSIBLE_TRAVEL: 2 purchases at home, then one in a city over 2,000 km
 *       away {@value #TRAVEL_GAP} indexes later (2 s at 200/s) (1 alert).
 *   <li>{@code c-fc<k>}, CARD_TESTING: 3 probes of 0.50 to 1.99, then a cash-out of 500 to 2,500
 *       within {@value #CARD_TESTING_SPAN} indexes (2.5 s at 200/s); the cash-out fires
 *       CARD_TESTING and, being far above the probes, AMOUNT_SPIKE too (2 alerts).
 * </ul>
 *
 * That is {@value #PATTERN_TXNS} pattern transactions (0.95% of records) and 8 alerts per period (4 + 1 + 1 + 2);
 * ordinary cards add a few chance VELOCITY alerts a minute at 200/s, never IMPOSSIBLE_TRAVEL.
 * Pattern transactions are never malformed, late or moved in time (only retransmitted, which
 * dedup undoes): the rules depend on their order. They keep to 4 transactions a card where
 * VELOCITY is not the point, so each card fires only its own rules. Spacing is in indexes, so a
 * slower rate stretches a pattern: VELOCITY needs more than about 3.3 events/s (5 purchases within 60 s),
 * CARD_TESTING more than about 0.83 (within 10 min); IMPOSSIBLE_TRAVEL above about 0.05.
 *
 * <p>Like real feeds (and the analytics generator), shares of the ordinary records are: up to 5 s
 * behind their turn, within {@link #maxOutOfOrderness()}, {@value #OUT_OF_ORDER_RATE}; 30 s to 10
 * min late, around the default allowed lateness of 300 s, {@value #LATE_RATE}; retransmissions of
 * a recent transaction (same txnId, half of them with a later timestamp) {@value
 * #DUPLICATE_RATE}; malformed in one of the ways the contract dead-letters {@value
 * #MALFORMED_RATE}; and without the optional merchantCategory {@value #UNCATEGORISED_RATE}.
 */
final class TransactionGenerator implements EventGenerator {
  private static final long serialVersionUID = 1L;

  static final int CARDS = 50_000;
  /**
   * Kept mild on purpose: at 200 events/s a skew of 0.7 gives the busiest card over 100 purchases
   * a minute, and ordinary cards would fire about 1,900 VELOCITY alerts a minute, drowning the
   * injected ones.
   */
  static final double CARD_SKEW = 0.3;

  static final int PATTERN_PERIOD = 2_000;
  static final int VELOCITY_TXNS = 8;
  static final int VELOCITY_SPACING = 50;
  static final int TRAVEL_GAP = 400;
  static final int CARD_TESTING_SPAN = 500;
  static final int PATTERN_TXNS = 19;

  static final double MALFORMED_RATE = 0.01;
  static final double DUPLICATE_RATE = 0.005;
  static final double OUT_OF_ORDER_RATE = 0.30;
  static final double LATE_RATE = 0.003;
  static final double UNCATEGORISED_RATE = 0.05;

  private static final Disorder DISORDER =
      new Disorder(Duration.standardSeconds(5), OUT_OF_ORDER_RATE, LATE_RATE);

  // Offsets of the pattern transactions inside a period, interleaved with the burst (multiples
  // of VELOCITY_SPACING) so every pattern completes within 1,000 indexes, even in short runs.
  private static final int TRAVEL_HOME_1_AT = 25;
  private static final int TRAVEL_HOME_2_AT = 225;
  private static final int TRAVEL_FAR_AT = TRAVEL_HOME_2_AT + TRAVEL_GAP;
  private static final int SPIKE_HISTORY_1_AT = 75;
  private static final int SPIKE_HISTORY_2_AT = 275;
  private static final int SPIKE_HISTORY_3_AT = 475;
  private static final int SPIKE_AT = 675;
  private static final int PROBE_1_AT = 425;
  private static final int PROBE_2_AT = 725;
  private static final int PROBE_3_AT = 825;
  private static final int CASH_OUT_AT = PROBE_1_AT + CARD_TESTING_SPAN;

  private static final String[] CATEGORIES = {
    "grocery", "restaurant", "fuel", "electronics", "clothing",
    "travel", "pharmacy", "entertainment", "online", "services"
  };

  private record City(String name, String country, String currency, double lat, double lon) {}

  private static final City[] CITIES = {
    new City("Paris", "FR", "EUR", 48.8566, 2.3522),
    new City("Lyon", "FR", "EUR", 45.7640, 4.8357),
    new City("Berlin", "DE", "EUR", 52.5200, 13.4050),
    new City("Munich", "DE", "EUR", 48.1351, 11.5820),
    new City("Madrid", "ES", "EUR", 40.4168, -3.7038),
    new City("Rome", "IT", "EUR", 41.9028, 12.4964),
    new City("Amsterdam", "NL", "EUR", 52.3676, 4.9041),
    new City("Dublin", "IE", "EUR", 53.3498, -6.2603),
    new City("Lisbon", "PT", "EUR", 38.7223, -9.1393),
    new City("London", "GB", "GBP", 51.5074, -0.1278),
    new City("Manchester", "GB", "GBP", 53.4808, -2.2426),
    new City("Zurich", "CH", "CHF", 47.3769, 8.5417),
    new City("New York", "US", "USD", 40.7128, -74.0060),
    new City("Chicago", "US", "USD", 41.8781, -87.6298),
    new City("San Francisco", "US", "USD", 37.7749, -122.4194),
    new City("Miami", "US", "USD", 25.7617, -80.1918),
    new City("Toronto", "CA", "CAD", 43.6532, -79.3832),
    new City("Sydney", "AU", "AUD", -33.8688, 151.2093),
    new City("Singapore", "SG", "SGD", 1.3521, 103.8198),
    new City("Auckland", "NZ", "NZD", -36.8485, 174.7633),
  };

  private static final int MERCHANTS_PER_CITY = 1_000;

  private enum Pattern {
    VELOCITY("c-fv"),
    AMOUNT_SPIKE("c-fs"),
    IMPOSSIBLE_TRAVEL("c-ft"),
    CARD_TESTING("c-fc");

    final String cardPrefix;

    Pattern(String cardPrefix) {
      this.cardPrefix = cardPrefix;
    }
  }

  private enum Step {
    BURST(Pattern.VELOCITY),
    USUAL(Pattern.AMOUNT_SPIKE),
    SPIKE(Pattern.AMOUNT_SPIKE),
    AT_HOME(Pattern.IMPOSSIBLE_TRAVEL),
    FAR_AWAY(Pattern.IMPOSSIBLE_TRAVEL),
    PROBE(Pattern.CARD_TESTING),
    CASH_OUT(Pattern.CARD_TESTING);

    final Pattern pattern;

    Step(Pattern pattern) {
      this.pattern = pattern;
    }
  }

  /** Who buys, where they live and how much they usually spend: fixed by the card's number. */
  private record Card(String id, City home, double typicalAmount) {
    static Card of(String id, long profileSeed) {
      SplittableRandom profile = new SplittableRandom(profileSeed);
      City home = CITIES[profile.nextInt(CITIES.length)];
      // sqrt(1 - 0.5^2): with the purchase's own spread of 0.5, amounts are exp(3.5 + 1.0 g).
      double typical = Math.max(1.0, Math.exp(3.5 + 0.866 * profile.nextGaussian()));
      return new Card(id, home, typical);
    }
  }

  private final ZipfDistribution cards = new ZipfDistribution(CARDS, CARD_SKEW);
  private final ZipfDistribution merchants = new ZipfDistribution(MERCHANTS_PER_CITY, 1.0);

  @Override
  public Duration maxOutOfOrderness() {
    return DISORDER.maxOutOfOrderness();
  }

  @Override
  public GeneratedEvent generate(long index, SyntheticStream stream) {
    SplittableRandom random = stream.randomFor(index);
    long nominalTime = stream.nominalTimeMillis(index);
    double roll = random.nextDouble();
    Step step = stepAt(index);
    if (step != null) {
      return patternTransaction(index, step, nominalTime, random, 0);
    }
    if (roll < MALFORMED_RATE) {
      return new GeneratedEvent(malformed(index, nominalTime, random), nominalTime);
    }
    if (roll < MALFORMED_RATE + DUPLICATE_RATE && index > 100) {
      // A retransmission of a recent transaction, regenerated exactly: same txnId. Half the
      // copies carry a later timestamp (a resend); the original, with the earliest, counts.
      long original = index - 1 - random.nextInt(100);
      long resendDelay = random.nextBoolean() ? 0 : 1 + random.nextLong(3_000);
      GeneratedEvent copy = retransmission(original, stream, resendDelay);
      if (copy != null) {
        return copy;
      }
    }
    return ordinaryTransaction(index, nominalTime, random, 0);
  }

  /** The transaction first sent at {@code original}, or null if that index sent none. */
  private GeneratedEvent retransmission(long original, SyntheticStream stream, long resendDelay) {
    SplittableRandom random = stream.randomFor(original);
    long nominalTime = stream.nominalTimeMillis(original);
    double roll = random.nextDouble(); // the original's own roll
    Step step = stepAt(original);
    if (step != null) {
      return patternTransaction(original, step, nominalTime, random, resendDelay);
    }
    if (roll < MALFORMED_RATE + DUPLICATE_RATE) {
      return null; // malformed, or itself a copy: nothing of its own to resend
    }
    return ordinaryTransaction(original, nominalTime, random, resendDelay);
  }

  /** The pattern step at an index, or null when the index carries ordinary traffic. */
  private static Step stepAt(long index) {
    int offset = (int) (index % PATTERN_PERIOD);
    if (offset < VELOCITY_TXNS * VELOCITY_SPACING && offset % VELOCITY_SPACING == 0) {
      return Step.BURST;
    }
    return switch (offset) {
      case SPIKE_HISTORY_1_AT, SPIKE_HISTORY_2_AT, SPIKE_HISTORY_3_AT -> Step.USUAL;
      case SPIKE_AT -> Step.SPIKE;
      case TRAVEL_HOME_1_AT, TRAVEL_HOME_2_AT -> Step.AT_HOME;
      case TRAVEL_FAR_AT -> Step.FAR_AWAY;
      case PROBE_1_AT, PROBE_2_AT, PROBE_3_AT -> Step.PROBE;
      case CASH_OUT_AT -> Step.CASH_OUT;
      default -> null;
    };
  }

  private GeneratedEvent ordinaryTransaction(
      long index, long nominalTime, SplittableRandom random, long resendDelayMillis) {
    long timestamp = DISORDER.eventTime(nominalTime, random, true) + resendDelayMillis;
    int number = cards.sample(random);
    Card card = Card.of("c-" + number, profileSeed(0, number));
    BigDecimal amount = cents(card.typicalAmount() * Math.exp(0.5 * random.nextGaussian()));
    return event(index, card, card.home(), amount, timestamp, random);
  }

  /** Pattern transactions keep their nominal time: each rule needs their order as made. */
  private GeneratedEvent patternTransaction(
      long index, Step step, long nominalTime, SplittableRandom random, long resendDelayMillis) {
    long period = index / PATTERN_PERIOD;
    Card card =
        Card.of(step.pattern.cardPrefix + period, profileSeed(1 + step.pattern.ordinal(), period));
    double typical = card.typicalAmount();
    BigDecimal amount =
        switch (step) {
          // 0.55 to 1.83 x typical: never 5 x a mean of others (no stray AMOUNT_SPIKE), while a
          // spike of 20 x or more always is.
          case BURST, USUAL, AT_HOME, FAR_AWAY ->
              cents(typical * Math.exp(0.3 * clamp(random.nextGaussian(), 2)));
          case SPIKE -> cents(typical * (20 + 30 * random.nextDouble()));
          case PROBE -> cents(0.50 + 1.49 * random.nextDouble());
          case CASH_OUT -> cents(500 + 2_000 * random.nextDouble());
        };
    City where = step == Step.FAR_AWAY ? farFrom(card.home(), random) : card.home();
    return event(index, card, where, amount, nominalTime + resendDelayMillis, random);
  }

  private GeneratedEvent event(
      long index, Card card, City where, BigDecimal amount, long timestamp,
      SplittableRandom random) {
    int cityIndex = indexOf(where);
    int merchant = cityIndex * MERCHANTS_PER_CITY + merchants.sample(random);
    // A few km around the city centre (sd ~2 km), so a card's purchases stay well within 100 km.
    double lat = where.lat() + 0.02 * random.nextGaussian();
    double lon = where.lon() + 0.02 * random.nextGaussian() / Math.cos(Math.toRadians(where.lat()));
    JsonLine json =
        JsonLine.object()
            .put("txnId", "t-" + index)
            .put("cardId", card.id())
            .put("amount", amount)
            .put("currency", where.currency())
            .put("merchantId", "m-" + merchant);
    if (random.nextDouble() >= UNCATEGORISED_RATE) {
      json.put("merchantCategory", categoryOf(merchant));
    }
    json.put("country", where.country())
        .put("lat", degrees(lat))
        .put("lon", degrees(lon))
        .putTime("timestamp", timestamp);
    return new GeneratedEvent(json.end(), timestamp);
  }

  /** A city over 2,000 km from home (every city has some), picked at random among them. */
  private static City farFrom(City home, SplittableRandom random) {
    int start = random.nextInt(CITIES.length);
    for (int i = 0; i < CITIES.length; i++) {
      City candidate = CITIES[(start + i) % CITIES.length];
      if (distanceKm(home, candidate) > 2_000) {
        return candidate;
      }
    }
    throw new IllegalStateException("no city far from " + home.name());
  }

  private static double distanceKm(City a, City b) {
    double dLat = Math.toRadians(b.lat() - a.lat());
    double dLon = Math.toRadians(b.lon() - a.lon());
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat()))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(h));
  }

  private static int indexOf(City city) {
    for (int i = 0; i < CITIES.length; i++) {
      if (CITIES[i] == city) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown city " + city.name());
  }

  /** A merchant sells one kind of thing, whoever buys. */
  private static String categoryOf(int merchant) {
    return CATEGORIES[new SplittableRandom(profileSeed(9, merchant)).nextInt(CATEGORIES.length)];
  }

  /**
   * Seeds for what is fixed per card or merchant, independent of --seed like a real customer
   * base. Kinds live in far-apart ranges: SplittableRandom seeds that differ by its increment give
   * shifted copies of one sequence, which nearby seeds such as {@code kind * step + n} could hit.
   */
  private static long profileSeed(int kind, long number) {
    return ((long) kind << 40) ^ number;
  }

  private static BigDecimal cents(double amount) {
    return BigDecimal.valueOf(Math.max(50, Math.round(amount * 100)), 2);
  }

  /** Five decimals (about 1 m), written plainly: never as 1.0E-4. */
  private static BigDecimal degrees(double value) {
    return BigDecimal.valueOf(Math.round(value * 100_000), 5);
  }

  private static double clamp(double value, double bound) {
    return Math.max(-bound, Math.min(bound, value));
  }

  /** One defect each, on an otherwise ordinary-looking record: the contract's bad cases. */
  private static String malformed(long index, long nominalTime, SplittableRandom random) {
    int defect = random.nextInt(10);
    if (defect == 0) {
      return "txn t-" + index + " card=c-17 amount=12.50 EUR"; // not JSON at all
    }
    JsonLine json = JsonLine.object().put("txnId", "t-" + index);
    json.put("cardId", defect == 1 ? null : "c-" + random.nextInt(CARDS));
    switch (defect) {
      case 2 -> json.put("amount", "42.10"); // a number sent as a string
      case 3 -> json.put("amount", random.nextBoolean() ? 0 : -12.5);
      default -> json.put("amount", cents(Math.exp(3.5 + random.nextGaussian())));
    }
    json.put("currency", defect == 4 ? "EURO" : "EUR").put("merchantId", "m-17");
    if (defect != 5) {
      json.put("country", "FR"); // else a required field is missing
    }
    json.put("lat", defect == 6 ? 148.8566 : 48.8566).put("lon", defect == 7 ? 182.3522 : 2.3522);
    if (defect == 8) {
      json.put("timestamp", "23/11/2026 10:00:00");
    } else {
      json.put("timestamp", EventTimes.format(nominalTime));
    }
    String line = json.end();
    return defect == 9 ? line.substring(0, line.length() / 2) : line; // cut off mid-record
  }
}
