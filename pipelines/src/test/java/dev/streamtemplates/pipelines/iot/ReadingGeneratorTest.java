package dev.streamtemplates.pipelines.iot;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.oneOf;

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
import java.util.TreeMap;
import java.util.TreeSet;
import org.joda.time.Instant;
import org.junit.Test;

/**
 * The first minute at the default rate (12,000 records, 5 ms apart) must already hold every
 * anomaly kind, every kind of bad record and every kind of disorder, each at about its documented
 * rate; a silence needs more than 120 s of event time, so it is looked for in the first 200 s, at
 * 200 and at 100 events/s. The rules are recomputed here, straight from the contract.
 */
public class ReadingGeneratorTest {
  private static final long START = Instant.parse("2026-11-23T10:00:00Z").getMillis();
  private static final int FIRST_MINUTE = 12_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> FIELDS =
      List.of("deviceId", "sensor", "value", "seq", "timestamp");

  /** The real synthetic stream, {@code millisApart} per record (5: the default 200/s), seed 42. */
  private static SyntheticStream stream(long millisApart) {
    return new SyntheticSource(new ReadingGenerator(), 1000.0 / millisApart, 0, 42, START);
  }

  private record Reading(String deviceId, String sensor, double value, long seq, long ts) {
    String pair() {
      return deviceId + "/" + sensor;
    }
  }

  /** A ZSCORE anomaly and how many standard deviations it is off its history's mean. */
  private record ZScore(Reading reading, double sigmas) {}

  @Test
  public void aRecordDependsOnlyOnItsIndex() {
    List<GeneratedEvent> forward = generate(FIRST_MINUTE, 5);
    ReadingGenerator fresh = new ReadingGenerator();
    SyntheticStream stream = stream(5);
    for (int i = FIRST_MINUTE - 1; i >= 0; i--) { // another order, another generator instance
      GeneratedEvent again = fresh.generate(i, stream);
      assertThat(again.payload(), is(forward.get(i).payload()));
      assertThat(again.eventTimeMillis(), is(forward.get(i).eventTimeMillis()));
    }
  }

  @Test
  public void wellFormedRecordsKeepTheContractAndTheFieldOrder() throws Exception {
    for (GeneratedEvent event : generate(FIRST_MINUTE, 5)) {
      if (defect(event.payload()) != null) {
        continue;
      }
      JsonNode json = MAPPER.readTree(event.payload());
      List<String> names = new ArrayList<>();
      json.fieldNames().forEachRemaining(names::add);
      assertThat(names, is(FIELDS));
      String device = json.get("deviceId").textValue();
      String sensor = json.get("sensor").textValue();
      double value = json.get("value").doubleValue();
      assertThat(device, matchesPattern("d-(\\d+|h\\db?)"));
      assertThat(sensor, is(oneOf("temperature", "humidity", "pressure", "vibration")));
      assertThat(json.get("value").isNumber() && Double.isFinite(value), is(true));
      assertThat(json.get("seq").isIntegralNumber(), is(true));
      assertThat(json.get("seq").longValue(), greaterThanOrEqualTo(0L));
      assertThat(EventTimes.parse(json.get("timestamp").textValue()), is(event.eventTimeMillis()));
      // The fleet carries no spikes: its readings are realistic, or faults out of bounds.
      if (device.matches("d-\\d+") && !outOfBounds(sensor, value)) {
        double[] range = switch (sensor) {
          case "temperature" -> new double[] {14, 31};
          case "humidity" -> new double[] {28, 72};
          case "pressure" -> new double[] {1_002, 1_023};
          default -> new double[] {0, 1.6};
        };
        assertThat(event.payload(), value, allOf(greaterThanOrEqualTo(range[0]),
            lessThanOrEqualTo(range[1])));
      }
    }
  }

  @Test
  public void seqRisesWithEachReadingOfADevice() throws Exception {
    Map<String, Long> lastSeq = new HashMap<>();
    TreeSet<String> sent = new TreeSet<>();
    for (GeneratedEvent event : generate(FIRST_MINUTE, 5)) {
      if (defect(event.payload()) != null) {
        continue;
      }
      Reading reading = reading(event.payload());
      if (!sent.add(reading.deviceId() + "#" + reading.seq())) {
        continue; // a retransmission
      }
      Long last = lastSeq.put(reading.deviceId(), reading.seq());
      if (last != null) {
        assertThat(event.payload(), reading.seq(), greaterThan(last));
      }
    }
    assertThat(lastSeq.size(), greaterThan(ReadingGenerator.FLEET));
  }

  @Test
  public void aboutOnePercentAreMalformedInEveryWayTheContractNames() {
    Map<String, Integer> defects = new TreeMap<>();
    for (GeneratedEvent event : generate(FIRST_MINUTE, 5)) {
      String defect = defect(event.payload());
      if (defect != null) {
        defects.merge(defect, 1, Integer::sum);
      }
    }
    int malformed = defects.values().stream().mapToInt(Integer::intValue).sum();
    double share = malformed / (double) FIRST_MINUTE;
    assertThat(share, allOf(greaterThan(0.005), lessThan(0.02)));
    assertThat(defects.keySet(), containsInAnyOrder("not JSON", "cut off", "missing field",
        "value as string", "value null", "value not finite", "seq negative", "seq not an integer",
        "timestamp"));
  }

  @Test
  public void someReadingsAreRetransmittedOutOfOrderOrLate() throws Exception {
    List<GeneratedEvent> events = generate(FIRST_MINUTE, 5);
    Map<String, List<JsonNode>> copies = new HashMap<>();
    int outOfOrder = 0;
    int late = 0;
    for (int i = 0; i < events.size(); i++) {
      String payload = events.get(i).payload();
      if (defect(payload) != null) {
        continue;
      }
      JsonNode json = MAPPER.readTree(payload);
      String id = json.get("deviceId").textValue() + "#" + json.get("seq").longValue();
      List<JsonNode> same = copies.computeIfAbsent(id, key -> new ArrayList<>());
      same.add(json);
      if (same.size() > 1) {
        continue; // a retransmission: its lag is the original's
      }
      long behind = START + i * 5L - events.get(i).eventTimeMillis();
      assertThat(behind, greaterThanOrEqualTo(0L));
      if (behind >= 30_000) {
        late++;
      } else if (behind > 0) {
        assertThat(behind, lessThan(5_000L)); // within maxOutOfOrderness()
        outOfOrder++;
      }
    }
    assertThat((double) outOfOrder / copies.size(), allOf(greaterThan(0.25), lessThan(0.35)));
    assertThat((double) late / copies.size(), allOf(greaterThan(0.0005), lessThan(0.006)));

    int retransmitted = 0;
    for (List<JsonNode> same : copies.values()) {
      if (same.size() == 1) {
        continue;
      }
      retransmitted += same.size() - 1;
      long first = EventTimes.parse(same.get(0).get("timestamp").textValue());
      for (JsonNode copy : same) {
        // The same reading; only a resend's timestamp may be later than the original's.
        long timestamp = EventTimes.parse(copy.get("timestamp").textValue());
        assertThat(timestamp, greaterThanOrEqualTo(first));
        ((ObjectNode) copy).remove("timestamp");
      }
      assertThat(same.get(same.size() - 1), is(same.get(0)));
    }
    assertThat((double) retransmitted / FIRST_MINUTE, allOf(greaterThan(0.005), lessThan(0.015)));
  }

  @Test
  public void thresholdAndZscoreAnomaliesShowUpWithinTheFirstMinute() throws Exception {
    List<Reading> readings = readings(generate(FIRST_MINUTE, 5));
    int periods = FIRST_MINUTE / ReadingGenerator.PATTERN_PERIOD;

    List<Reading> outOfBounds = readings.stream()
        .filter(r -> outOfBounds(r.sensor(), r.value())).toList();
    assertThat(outOfBounds.size(), is(periods)); // one fault a period, in the fleet
    assertThat(outOfBounds.stream().map(Reading::deviceId).toList(),
        everyItem(matchesPattern("d-\\d+")));

    // One spike a period from the second on, on d-h<p % 6>, far beyond the rule's 4 sigmas.
    List<String> spiked = new ArrayList<>();
    for (ZScore z : zScores(readings)) {
      if (z.sigmas() > 10) {
        spiked.add(z.reading().deviceId());
      }
    }
    assertThat(spiked, containsInAnyOrder("d-h1", "d-h2", "d-h3", "d-h4", "d-h5"));
  }

  @Test
  public void aDeviceFallsSilentAndResumesWithinThreeMinutesAtAnyRate() throws Exception {
    for (long millisApart : new long[] {5, 10}) { // 200 and 100 events/s
      int records = (int) (200_000 / millisApart);
      Map<String, Long> gaps = new TreeMap<>();
      Map<String, List<Reading>> byDevice = new HashMap<>();
      for (Reading reading : readings(generate(records, millisApart))) {
        byDevice.computeIfAbsent(reading.deviceId(), d -> new ArrayList<>()).add(reading);
      }
      for (List<Reading> device : byDevice.values()) {
        device.sort(Comparator.comparingLong(Reading::ts).thenComparingLong(Reading::seq));
        for (int i = 1; i < device.size(); i++) {
          long lastSeen = device.get(i - 1).ts();
          long gap = device.get(i).ts() - lastSeen;
          // Before the start only late readings lie, whose gaps are chance, not the outage.
          if (gap > 120_000 && lastSeen >= START) {
            gaps.merge(device.get(i).deviceId(), gap, Math::max);
          }
        }
      }
      // d-h8 is down from 20 s to 170 s; its standby is not back before the next cycle.
      assertThat(gaps.keySet(), containsInAnyOrder("d-h8"));
      assertThat(gaps.get("d-h8"), allOf(greaterThanOrEqualTo(145_000L), lessThan(152_000L)));
    }
  }

  @Test
  public void theFleetFiresFewerZscoresThanTheSpikes() throws Exception {
    // 1,000 s: long enough for fleet sensors (one reading each 50 s) to have 10 before them.
    List<ZScore> zScores = zScores(readings(generate(200_000, 5)));
    long spikes = zScores.stream().filter(z -> z.sigmas() > 10 && isHot(z)).count();
    long fleetNoise = zScores.stream()
        .filter(z -> !isHot(z) && !outOfBounds(z.reading().sensor(), z.reading().value()))
        .count();
    assertThat(spikes, greaterThanOrEqualTo(99L)); // one a period but the first
    assertThat(fleetNoise, lessThan(spikes));
  }

  private static boolean isHot(ZScore z) {
    return z.reading().deviceId().startsWith("d-h");
  }

  private static List<GeneratedEvent> generate(int count, long millisApart) {
    ReadingGenerator generator = new ReadingGenerator();
    SyntheticStream stream = stream(millisApart);
    List<GeneratedEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(generator.generate(i, stream));
    }
    return events;
  }

  /** The contract's default bounds: temperature [-40, 85], humidity [0, 100]. */
  private static boolean outOfBounds(String sensor, double value) {
    return switch (sensor) {
      case "temperature" -> value < -40 || value > 85;
      case "humidity" -> value < 0 || value > 100;
      default -> false;
    };
  }

  /** What the contract would dead-letter the record for, or null if it is well formed. */
  private static String defect(String payload) {
    try {
      return defect(MAPPER.readTree(payload));
    } catch (Exception e) {
      return payload.startsWith("{") ? "cut off" : "not JSON";
    }
  }

  private static String defect(JsonNode json) {
    for (String field : FIELDS) {
      if (!json.has(field)) {
        return "missing field";
      }
    }
    JsonNode value = json.get("value");
    if (value.isNull()) {
      return "value null";
    }
    if (!value.isNumber()) {
      return "value as string";
    }
    if (!Double.isFinite(value.doubleValue())) {
      return "value not finite";
    }
    JsonNode seq = json.get("seq");
    if (!seq.isIntegralNumber()) {
      return "seq not an integer";
    }
    if (seq.longValue() < 0) {
      return "seq negative";
    }
    try {
      EventTimes.parse(json.get("timestamp").textValue());
    } catch (IllegalArgumentException e) {
      return "timestamp";
    }
    return null;
  }

  private static Reading reading(String payload) throws Exception {
    return reading(MAPPER.readTree(payload));
  }

  private static Reading reading(JsonNode json) {
    return new Reading(json.get("deviceId").textValue(), json.get("sensor").textValue(),
        json.get("value").doubleValue(), json.get("seq").longValue(),
        EventTimes.parse(json.get("timestamp").textValue()));
  }

  /** The well-formed readings, each once: the copy with the earliest timestamp. */
  private static List<Reading> readings(List<GeneratedEvent> events) throws Exception {
    Map<String, Reading> byId = new HashMap<>();
    for (GeneratedEvent event : events) {
      JsonNode json;
      try {
        json = MAPPER.readTree(event.payload());
      } catch (Exception e) {
        continue; // not JSON
      }
      if (defect(json) != null) {
        continue;
      }
      Reading reading = reading(json);
      byId.merge(reading.deviceId() + "#" + reading.seq(), reading,
          (a, b) -> a.ts() <= b.ts() ? a : b);
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * ZSCORE as the contract has it: |value - mean| > 4 x population stddev of the same device and
   * sensor's 30 readings before it in event-time order, with at least 10 before and stddev > 0.
   */
  private static List<ZScore> zScores(List<Reading> readings) {
    Map<String, List<Reading>> byPair = new HashMap<>();
    for (Reading reading : readings) {
      byPair.computeIfAbsent(reading.pair(), p -> new ArrayList<>()).add(reading);
    }
    List<ZScore> anomalies = new ArrayList<>();
    for (List<Reading> pair : byPair.values()) {
      pair.sort(Comparator.comparingLong(Reading::ts).thenComparingLong(Reading::seq));
      for (int i = 10; i < pair.size(); i++) {
        int from = Math.max(0, i - 30);
        double sum = 0;
        for (int j = from; j < i; j++) {
          sum += pair.get(j).value();
        }
        double mean = sum / (i - from);
        double squares = 0;
        for (int j = from; j < i; j++) {
          squares += (pair.get(j).value() - mean) * (pair.get(j).value() - mean);
        }
        double stddev = Math.sqrt(squares / (i - from));
        double off = Math.abs(pair.get(i).value() - mean);
        if (stddev > 0 && off > 4 * stddev) {
          anomalies.add(new ZScore(pair.get(i), off / stddev));
        }
      }
    }
    return anomalies;
  }
}
