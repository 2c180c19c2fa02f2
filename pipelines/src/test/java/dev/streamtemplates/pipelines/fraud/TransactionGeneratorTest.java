package dev.streamtemplates.pipelines.fraud;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamtemplates.io.synthetic.GeneratedEvent;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import dev.streamtemplates.io.synthetic.SyntheticStream;
import dev.streamtemplates.transforms.time.EventTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.joda.time.Instant;
import org.junit.Test;

/**
 * The first minute at the default rate (12,000 records, 5 ms apart) must already hold every
 * injected fraud pattern, every kind of bad record and every kind of disorder, each at about its
 * documented rate. The rules are recomputed here, straight from the contract, on the records.
 */
public class TransactionGeneratorTest {
  private static final long START = Instant.parse("2026-11-23T10:00:00Z").getMillis();
  private static final int FIRST_MINUTE = 12_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> FIELDS = List.of("txnId", "cardId", "amount", "currency",
      "merchantId", "merchantCategory", "country", "lat", "lon", "timestamp");

  /** The real synthetic stream at its default 200 events/s (5 ms apart) and seed 42. */
  private static SyntheticStream defaultRateStream() {
    return new SyntheticSource(new TransactionGenerator(), 200, 0, 42, START);
  }

  private record Txn(String txnId, String cardId, double amount, double lat, double lon, long ts) {}

  private record Alert(String rule, String cardId, String txnId) {}

  @Test
  public void aRecordDependsOnlyOnItsIndex() {
    List<GeneratedEvent> forward = firstMinute();
    TransactionGenerator fresh = new TransactionGenerator();
    SyntheticStream stream = defaultRateStream();
    for (int i = FIRST_MINUTE - 1; i >= 0; i--) { // another order, another generator instance
      GeneratedEvent again = fresh.generate(i, stream);
      assertThat(again.payload(), is(forward.get(i).payload()));
      assertThat(again.eventTimeMillis(), is(forward.get(i).eventTimeMillis()));
    }
  }

  @Test
  public void wellFormedRecordsKeepTheContractAndTheFieldOrder() throws Exception {
    int uncategorised = 0;
    int wellFormed = 0;
    Set<String> currencies = new TreeSet<>();
    for (GeneratedEvent event : firstMinute()) {
      if (defect(event.payload()) != null) {
        continue;
      }
      wellFormed++;
      JsonNode txn = MAPPER.readTree(event.payload());
      List<String> names = new ArrayList<>();
      txn.fieldNames().forEachRemaining(names::add);
      if (!names.contains("merchantCategory")) {
        uncategorised++;
      }
      List<String> expected = new ArrayList<>(FIELDS);
      if (!names.contains("merchantCategory")) {
        expected.remove("merchantCategory"); // the one optional field
      }
      assertThat(names, is(expected));
      assertThat(txn.get("txnId").textValue(), matchesPattern("t-\\d+"));
      assertThat(txn.get("cardId").textValue(), matchesPattern("c-(\\d+|f[vstc]\\d+)"));
      assertThat(txn.get("merchantId").textValue(), matchesPattern("m-\\d+"));
      assertThat(txn.get("country").textValue(), matchesPattern("[A-Z]{2}"));
      assertThat(txn.get("amount").decimalValue().scale(), lessThanOrEqualTo(2));
      assertThat(txn.get("amount").doubleValue(), greaterThanOrEqualTo(0.5));
      assertThat(EventTimes.parse(txn.get("timestamp").textValue()), is(event.eventTimeMillis()));
      currencies.add(txn.get("currency").textValue());
    }
    assertThat(currencies.size(), greaterThan(3));
    double share = (double) uncategorised / wellFormed;
    assertThat(share, allOf(greaterThan(0.03), lessThan(0.07)));
  }

  @Test
  public void aboutOnePercentAreMalformedInEveryWayTheContractNames() {
    Map<String, Integer> defects = new TreeMap<>();
    for (GeneratedEvent event : firstMinute()) {
      String defect = defect(event.payload());
      if (defect != null) {
        defects.merge(defect, 1, Integer::sum);
      }
    }
    double share = defects.values().stream().mapToInt(Integer::intValue).sum() / (double) FIRST_MINUTE;
    assertThat(share, allOf(greaterThan(0.005), lessThan(0.02)));
    assertThat(defects.keySet(), containsInAnyOrder("not JSON", "cut off", "missing field",
        "null field", "amount as string", "amount <= 0", "currency", "lat", "lon", "timestamp"));
  }

  @Test
  public void someRecordsAreOutOfOrderLateOrRetransmitted() throws Exception {
    List<GeneratedEvent> events = firstMinute();
    Map<String, List<JsonNode>> copies = new HashMap<>();
    int outOfOrder = 0;
    int late = 0;
    int firstCopies = 0;
    for (int i = 0; i < events.size(); i++) {
      String payload = events.get(i).payload();
      if (defect(payload) != null) {
        continue;
      }
      JsonNode txn = MAPPER.readTree(payload);
      String txnId = txn.get("txnId").textValue();
      copies.computeIfAbsent(txnId, id -> new ArrayList<>()).add(txn);
      if (!txnId.equals("t-" + i)) {
        continue; // a retransmission: its lag is the original's
      }
      firstCopies++;
      long behind = START + i * 5L - events.get(i).eventTimeMillis();
      assertThat(behind, greaterThanOrEqualTo(0L));
      if (behind >= 30_000) {
        late++;
      } else if (behind > 0) {
        assertThat(behind, lessThan(5_000L)); // within maxOutOfOrderness()
        outOfOrder++;
      }
    }
    assertThat((double) outOfOrder / firstCopies, allOf(greaterThan(0.25), lessThan(0.35)));
    assertThat((double) late / firstCopies, allOf(greaterThan(0.001), lessThan(0.006)));

    int retransmitted = 0;
    for (List<JsonNode> same : copies.values()) {
      if (same.size() == 1) {
        continue;
      }
      retransmitted += same.size() - 1;
      long first = EventTimes.parse(same.get(0).get("timestamp").textValue());
      for (JsonNode copy : same) {
        // Same transaction; only a resend's timestamp may be later than the original's.
        assertThat(EventTimes.parse(copy.get("timestamp").textValue()), greaterThanOrEqualTo(first));
        ((ObjectNode) copy).remove("timestamp");
      }
      assertThat(same.get(same.size() - 1), is(same.get(0)));
    }
    assertThat((double) retransmitted / FIRST_MINUTE, allOf(greaterThan(0.002), lessThan(0.01)));
  }

  @Test
  public void everyFraudPatternFiresOnItsOwnCardsWithinTheFirstMinute() throws Exception {
    List<Txn> txns = transactions(firstMinute());
    long periods = FIRST_MINUTE / TransactionGenerator.PATTERN_PERIOD;
    assertThat(txns.stream().filter(t -> t.cardId().startsWith("c-f")).count(),
        is(periods * TransactionGenerator.PATTERN_TXNS));
    List<Alert> alerts = alerts(txns);
    Map<String, String> cardsOfRule = Map.of("VELOCITY", "c-fv", "AMOUNT_SPIKE", "c-fs",
        "IMPOSSIBLE_TRAVEL", "c-ft", "CARD_TESTING", "c-fc");
    for (Map.Entry<String, String> pattern : cardsOfRule.entrySet()) {
      Set<String> firing = new TreeSet<>();
      for (Alert alert : alerts) {
        if (alert.rule().equals(pattern.getKey()) && alert.cardId().startsWith(pattern.getValue())) {
          firing.add(alert.cardId());
        }
      }
      // One fresh card per pattern and period of 10 s, and each fires.
      assertThat(pattern.getKey(), (long) firing.size(), is(periods));
    }
    // Each pattern card fires only what its pattern is about.
    for (Alert alert : alerts) {
      String card = alert.cardId();
      if (card.startsWith("c-fv")) {
        assertThat(alert.toString(), alert.rule(), is("VELOCITY"));
      } else if (card.startsWith("c-fs")) {
        assertThat(alert.toString(), alert.rule(), is("AMOUNT_SPIKE"));
      } else if (card.startsWith("c-ft")) {
        assertThat(alert.toString(), alert.rule(), is("IMPOSSIBLE_TRAVEL"));
      } else if (card.startsWith("c-fc")) {
        assertThat(alert.toString(), alert.rule(), matchesPattern("CARD_TESTING|AMOUNT_SPIKE"));
      }
    }
  }

  @Test
  public void ordinaryCardsStayLocalAndRarelyLookLikeFraud() throws Exception {
    List<Alert> alerts = alerts(transactions(firstMinute()));
    List<Alert> ordinary = alerts.stream().filter(a -> !a.cardId().startsWith("c-f")).toList();
    assertThat(ordinary.stream().filter(a -> a.rule().equals("IMPOSSIBLE_TRAVEL")).toList(),
        is(empty()));
    // Background noise must not drown the 8 alerts a period of injected fraud makes.
    assertThat(ordinary.size(), lessThan(alerts.size() - ordinary.size()));
  }

  private static List<GeneratedEvent> firstMinute() {
    TransactionGenerator generator = new TransactionGenerator();
    SyntheticStream stream = defaultRateStream();
    List<GeneratedEvent> events = new ArrayList<>(FIRST_MINUTE);
    for (int i = 0; i < FIRST_MINUTE; i++) {
      events.add(generator.generate(i, stream));
    }
    return events;
  }

  /** What the contract would dead-letter the record for, or null if it is well formed. */
  private static String defect(String payload) {
    JsonNode txn;
    try {
      txn = MAPPER.readTree(payload);
    } catch (Exception e) {
      return payload.startsWith("{") ? "cut off" : "not JSON";
    }
    for (String field : FIELDS) {
      if (field.equals("merchantCategory")) {
        continue;
      }
      if (!txn.has(field)) {
        return "missing field";
      }
      if (txn.get(field).isNull()) {
        return "null field";
      }
    }
    JsonNode amount = txn.get("amount");
    if (!amount.isNumber()) {
      return "amount as string";
    }
    if (amount.doubleValue() <= 0) {
      return "amount <= 0";
    }
    if (!txn.get("currency").textValue().matches("[A-Za-z]{3}")) {
      return "currency";
    }
    double lat = txn.get("lat").doubleValue();
    if (!txn.get("lat").isNumber() || lat < -90 || lat > 90) {
      return "lat";
    }
    double lon = txn.get("lon").doubleValue();
    if (!txn.get("lon").isNumber() || lon < -180 || lon > 180) {
      return "lon";
    }
    try {
      EventTimes.parse(txn.get("timestamp").textValue());
    } catch (IllegalArgumentException e) {
      return "timestamp";
    }
    return null;
  }

  /** The well-formed transactions, each once: the copy with the earliest timestamp. */
  private static List<Txn> transactions(List<GeneratedEvent> events) throws Exception {
    Map<String, Txn> byId = new HashMap<>();
    for (GeneratedEvent event : events) {
      if (defect(event.payload()) != null) {
        continue;
      }
      JsonNode json = MAPPER.readTree(event.payload());
      Txn txn = new Txn(json.get("txnId").textValue(), json.get("cardId").textValue(),
          json.get("amount").doubleValue(), json.get("lat").doubleValue(),
          json.get("lon").doubleValue(), EventTimes.parse(json.get("timestamp").textValue()));
      byId.merge(txn.txnId(), txn, (a, b) -> a.ts() <= b.ts() ? a : b);
    }
    return new ArrayList<>(byId.values());
  }

  /** The contract's four rules with their default parameters, card by card in event time. */
  private static List<Alert> alerts(List<Txn> txns) {
    Map<String, List<Txn>> byCard = new HashMap<>();
    for (Txn txn : txns) {
      byCard.computeIfAbsent(txn.cardId(), c -> new ArrayList<>()).add(txn);
    }
    List<Alert> alerts = new ArrayList<>();
    for (List<Txn> card : byCard.values()) {
      card.sort(Comparator.comparingLong(Txn::ts).thenComparing(Txn::txnId));
      for (int i = 0; i < card.size(); i++) {
        Txn t = card.get(i);
        long inLastMinute = card.stream()
            .filter(s -> s.ts() > t.ts() - 60_000 && s.ts() <= t.ts()).count();
        if (inLastMinute >= 5) {
          alerts.add(new Alert("VELOCITY", t.cardId(), t.txnId()));
        }
        if (i >= 3) {
          double mean = card.subList(Math.max(0, i - 20), i).stream()
              .mapToDouble(Txn::amount).average().orElseThrow();
          if (t.amount() > 5 * mean) {
            alerts.add(new Alert("AMOUNT_SPIKE", t.cardId(), t.txnId()));
          }
        }
        if (i >= 1) {
          Txn before = card.get(i - 1);
          double km = haversineKm(before, t);
          double hours = (t.ts() - before.ts()) / 3_600_000.0;
          if (km > 100 && (hours == 0 || km / hours > 900)) {
            alerts.add(new Alert("IMPOSSIBLE_TRAVEL", t.cardId(), t.txnId()));
          }
        }
        if (t.amount() >= 500) {
          long probes = card.subList(0, i).stream()
              .filter(s -> s.ts() >= t.ts() - 600_000 && s.amount() < 2.00).count();
          if (probes >= 3) {
            alerts.add(new Alert("CARD_TESTING", t.cardId(), t.txnId()));
          }
        }
      }
    }
    return alerts;
  }

  private static double haversineKm(Txn a, Txn b) {
    double dLat = Math.toRadians(b.lat() - a.lat());
    double dLon = Math.toRadians(b.lon() - a.lon());
    double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(a.lat()))
        * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(h));
  }
}
