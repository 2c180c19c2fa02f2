package dev.streamtemplates.pipelines.fraud;

import dev.streamtemplates.testing.Timeline;
import java.util.ArrayList;
import java.util.List;

/**
 * One card per rule, each walking up to its thresholds (just below, at, just above), with every
 * alert worked out by hand below. The contract's default parameters throughout.
 */
final class FraudFixture {
  private FraudFixture() {}

  /** Places with known great-circle distances (haversine, R = 6371 km). */
  static final String PARIS = "FR,48.8566,2.3522";
  static final String LONDON = "GB,51.5074,-0.1278"; // 343.6 km from Paris
  static final String FRANKFURT = "DE,50.1109,8.6821"; // 477.9 km from Paris
  static final String NEAR_PARIS = "FR,49.3066,2.3522"; // 50.0 km from Paris

  static String txn(String id, String card, String amount, String place, String time) {
    String[] p = place.split(",");
    return "{\"txnId\":\"" + id + "\",\"cardId\":\"" + card + "\",\"amount\":" + amount
        + ",\"currency\":\"EUR\",\"merchantId\":\"m-1\",\"merchantCategory\":\"grocery\""
        + ",\"country\":\"" + p[0] + "\",\"lat\":" + p[1] + ",\"lon\":" + p[2]
        + ",\"timestamp\":\"" + Timeline.iso(time) + "\"}";
  }

  /** VELOCITY: 4 in 60 s (no), the 5th (yes), 5 in (t - 60 s, t] with one exactly 60 s before (yes), alone (no). */
  static final List<String> VELOCITY_CARD = List.of(
      txn("v1", "card-v", "10", PARIS, "10:00:00"),
      txn("v2", "card-v", "10", PARIS, "10:00:10"),
      txn("v3", "card-v", "10", PARIS, "10:00:20"),
      txn("v4", "card-v", "10", PARIS, "10:00:30"),
      txn("v5", "card-v", "10", PARIS, "10:00:40"),
      txn("v6", "card-v", "10", PARIS, "10:01:00"), // v1 is exactly 60 s before: out of the window
      txn("v7", "card-v", "10", PARIS, "10:02:30"));

  /** VELOCITY at one instant: all five fire. */
  static final List<String> SIMULTANEOUS_CARD = List.of(
      txn("w1", "card-w", "10", PARIS, "10:30:00"),
      txn("w2", "card-w", "10", PARIS, "10:30:00"),
      txn("w3", "card-w", "10", PARIS, "10:30:00"),
      txn("w4", "card-w", "10", PARIS, "10:30:00"),
      txn("w5", "card-w", "10", PARIS, "10:30:00"));

  /** AMOUNT_SPIKE: a spike with only 2 before (no), exactly 5x the mean (no), just above (yes). */
  static final List<String> SPIKE_CARD = List.of(
      txn("s1", "card-s", "20", PARIS, "09:00:00"),
      txn("s2", "card-s", "20", PARIS, "09:10:00"),
      txn("s3", "card-s", "150", PARIS, "09:20:00"), // 7.5x, but only 2 before it
      txn("s4", "card-s", "20", PARIS, "09:30:00"),
      txn("s5", "card-s", "262.50", PARIS, "09:40:00"), // exactly 5x the mean 52.50
      txn("s6", "card-s", "472.51", PARIS, "09:50:00")); // mean 94.50: 5x is 472.50

  /** IMPOSSIBLE_TRAVEL: too fast (yes), slow enough (no), zero time (yes), fast but near (no). */
  static final List<String> TRAVEL_CARD = List.of(
      txn("t1", "card-t", "30", PARIS, "11:00:00"),
      txn("t2", "card-t", "30", LONDON, "11:20:00"), // 343.6 km in 20 min = 1,031 km/h
      txn("t3", "card-t", "30", LONDON, "11:21:00"),
      txn("t4", "card-t", "30", PARIS, "11:51:00"), // 343.6 km in 30 min = 687 km/h
      txn("t5", "card-t", "30", FRANKFURT, "11:51:00"), // same instant as t4, after it by txnId
      txn("t6", "card-t", "30", PARIS, "12:30:00"), // 477.9 km in 39 min = 735 km/h
      txn("t7", "card-t", "30", NEAR_PARIS, "12:31:00")); // 3,002 km/h, but only 50 km

  /** CARD_TESTING: 3 probes under 2.00 then 500 (yes, window edge inclusive), then 600 with 2 (no). */
  static final List<String> TESTING_CARD = List.of(
      txn("c1", "card-c", "1.00", PARIS, "13:00:00"),
      txn("c2", "card-c", "1.99", PARIS, "13:01:00"),
      txn("c3", "card-c", "2.00", PARIS, "13:02:00"), // not under 2.00
      txn("c4", "card-c", "0.50", PARIS, "13:03:00"),
      txn("c5", "card-c", "500.00", PARIS, "13:10:00"), // c1 is exactly 10 min before: counts
      txn("c6", "card-c", "600.00", PARIS, "13:11:00")); // only c2 and c4 from 13:01

  /** Retransmissions: an exact copy, and a resend with a later timestamp (the original counts). */
  static final List<String> DUPLICATES = List.of(
      txn("v5", "card-v", "10", PARIS, "10:00:40"),
      txn("s1", "card-s", "20", PARIS, "09:30:00"));

  static List<String> good() {
    List<String> all = new ArrayList<>();
    all.addAll(VELOCITY_CARD);
    all.addAll(SIMULTANEOUS_CARD);
    all.addAll(SPIKE_CARD);
    all.addAll(TRAVEL_CARD);
    all.addAll(TESTING_CARD);
    all.addAll(DUPLICATES);
    return all;
  }

  private static final String OK_REST =
      "\"currency\":\"EUR\",\"merchantId\":\"m\",\"country\":\"FR\",\"lat\":1,\"lon\":2,"
          + "\"timestamp\":\"2026-11-23T10:00:00Z\"}";

  /** Every kind of bad record the contract lists for fraud, with the error each must produce. */
  static final List<String[]> BAD = List.of(
      new String[] {"not json", "not valid JSON"},
      new String[] {"{\"txnId\":\"b1\",\"amount\":5," + OK_REST, "missing required field 'cardId'"},
      new String[] {"{\"txnId\":\"b2\",\"cardId\":null,\"amount\":5," + OK_REST, "required field 'cardId' is null"},
      new String[] {"{\"txnId\":\"b3\",\"cardId\":\"c\",\"amount\":\"5.00\"," + OK_REST,
          "field 'amount' must be a JSON number, got a string"},
      new String[] {"{\"txnId\":\"b4\",\"cardId\":\"c\",\"amount\":0," + OK_REST, "field 'amount' must be > 0, got 0.0"},
      new String[] {"{\"txnId\":\"b5\",\"cardId\":\"c\",\"amount\":-3.5," + OK_REST, "field 'amount' must be > 0, got -3.5"},
      new String[] {"{\"txnId\":\"b6\",\"cardId\":\"c\",\"amount\":5," + OK_REST.replace("\"EUR\"", "\"EURO\""),
          "field 'currency' must be 3 letters"},
      new String[] {"{\"txnId\":\"b7\",\"cardId\":\"c\",\"amount\":5," + OK_REST.replace("\"lat\":1", "\"lat\":90.5"),
          "field 'lat' must be in [-90, 90], got 90.5"},
      new String[] {"{\"txnId\":\"b8\",\"cardId\":\"c\",\"amount\":5," + OK_REST.replace("\"lon\":2", "\"lon\":-181"),
          "field 'lon' must be in [-180, 180], got -181.0"},
      new String[] {"{\"txnId\":\"b9\",\"cardId\":\"c\",\"amount\":5,"
          + OK_REST.replace("2026-11-23T10:00:00Z", "2026-11-23 10:00"), "field 'timestamp' must be ISO-8601 UTC"},
      new String[] {"{\"txnId\":\"b10\",\"cardId\":\"c\",\"amount\":1e999," + OK_REST, "field 'amount' is not a finite number"},
      new String[] {"{\"txnId\":\"b11\",\"cardId\":\"c\",\"amount\":5,\"currency\":\"EUR\"}", "missing required field"});

  private static String alert(
      String txn, String card, String rule, String reason, String time, String amount, String country) {
    return "{\"alertId\":\"" + txn + ":" + rule + "\",\"txnId\":\"" + txn + "\",\"cardId\":\"" + card
        + "\",\"rule\":\"" + rule + "\",\"reason\":\"" + reason + "\",\"timestamp\":\"" + Timeline.iso(time)
        + "\",\"amount\":" + amount + ",\"currency\":\"EUR\",\"merchantId\":\"m-1\",\"country\":\"" + country
        + "\",\"late\":false}";
  }

  static final List<String> VELOCITY_ALERTS = List.of(
      alert("v5", "card-v", "VELOCITY", "5 transactions in 60 s", "10:00:40", "10", "FR"),
      alert("v6", "card-v", "VELOCITY", "5 transactions in 60 s", "10:01:00", "10", "FR"),
      alert("w1", "card-w", "VELOCITY", "5 transactions in 60 s", "10:30:00", "10", "FR"),
      alert("w2", "card-w", "VELOCITY", "5 transactions in 60 s", "10:30:00", "10", "FR"),
      alert("w3", "card-w", "VELOCITY", "5 transactions in 60 s", "10:30:00", "10", "FR"),
      alert("w4", "card-w", "VELOCITY", "5 transactions in 60 s", "10:30:00", "10", "FR"),
      alert("w5", "card-w", "VELOCITY", "5 transactions in 60 s", "10:30:00", "10", "FR"));

  static final List<String> SPIKE_ALERTS = List.of(
      alert("s6", "card-s", "AMOUNT_SPIKE", "amount 472.51 is 5.0x the mean 94.50 of the last 5",
          "09:50:00", "472.51", "FR"),
      alert("c5", "card-c", "AMOUNT_SPIKE", "amount 500.00 is 364.3x the mean 1.37 of the last 4",
          "13:10:00", "500", "FR"),
      alert("c6", "card-c", "AMOUNT_SPIKE", "amount 600.00 is 5.9x the mean 101.10 of the last 5",
          "13:11:00", "600", "FR"));

  static final List<String> TRAVEL_ALERTS = List.of(
      alert("t2", "card-t", "IMPOSSIBLE_TRAVEL", "344 km from FR to GB in 20 min = 1,031 km/h",
          "11:20:00", "30", "GB"),
      alert("t5", "card-t", "IMPOSSIBLE_TRAVEL", "478 km from FR to DE in 0 s = infinite speed",
          "11:51:00", "30", "DE"));

  static final List<String> TESTING_ALERTS = List.of(
      alert("c5", "card-c", "CARD_TESTING",
          "amount 500.00 after 3 transactions under 2.00 in the previous 10 min", "13:10:00", "500", "FR"));

  static List<String> allAlerts() {
    List<String> all = new ArrayList<>();
    all.addAll(VELOCITY_ALERTS);
    all.addAll(SPIKE_ALERTS);
    all.addAll(TRAVEL_ALERTS);
    all.addAll(TESTING_ALERTS);
    return all;
  }
}
