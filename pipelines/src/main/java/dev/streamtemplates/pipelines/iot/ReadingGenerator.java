package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.io.synthetic.Disorder;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.GeneratedEvent;
import dev.streamtemplates.io.synthetic.SyntheticStream;
import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.time.EventTimes;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.joda.time.Duration;

/**
 * Synthetic sensor readings: a fleet reporting smooth, noisy signals that trip the anomaly rules
 * rarely, plus a few busy devices carrying injected spikes, outages and a stuck sensor, and
 * out-of-range readings in the fleet, each at a known rate, so every output shows up in a short
 * run.
 *
 * <p>Who reports is fixed by the index, so a device's {@code seq} is too: every {@value
 * #HOT_EVERY}th index belongs to the {@value #HOT_DEVICES} hot devices {@code d-h0} to {@code
 * d-h9}, in turn, each reporting every 50 indexes (0.25 s at 200 events/s); the other indexes
 * belong to the {@value #FLEET} fleet devices {@code d-<n>}, in a fixed round of 2,500 indexes
 * (12.5 s at 200/s). A device reports its sensors in turn (temperature, humidity, pressure,
 * vibration), and its seq is the number of its turn: a reading that is lost (garbled, its slot
 * taken by a retransmission, or the device down) leaves a gap in seq, as a real counter does. A
 * hot device's sensor thus reports every second at 200/s: its history of 10 readings, which the
 * ZSCORE rule needs, fills in 10 s (20 s at 100/s), where a fleet device's takes over 8 minutes.
 *
 * <p>Each device and sensor has its own signal: a baseline plus a sine of 5 to 15 minutes plus
 * Gaussian noise (cut at 2.5 sd): temperature about 14 to 31 °C, humidity 28 to 72 %, pressure
 * 1,002 to 1,023 hPa, vibration 0 to 1.6 mm/s. Signals, like a device's place in the round, are
 * fixed by the device alone, not by {@code --seed}, as in a real fleet.
 *
 * <p>Injected, in every {@value #PATTERN_PERIOD} indexes (10 s at 200/s):
 *
 * <ul>
 *   <li>ZSCORE: from the second period on, one spike, on {@code d-h<p % 6>} and the period's
 *       sensor: 20 °C, 30 % (towards 50 %), 25 hPa or +4 mm/s off its signal, which is over 20
 *       standard deviations of its last 30 readings at 50 events/s and up, yet within bounds.
 *   <li>THRESHOLD: at offsets 1,501 to 1,504, the first fleet reading of temperature or
 *       humidity is out of bounds: -127 °C (a disconnected probe) or 86 to 150 °C, humidity
 *       100.5 to 120 % or -0.5 to -10 %. On a device with 10 readings of history it is a ZSCORE
 *       too, rightly.
 * </ul>
 *
 * Chance alone fires a few ZSCOREs: about 5 per 1,000 s in the fleet and as many on the hot
 * devices at 200/s, against 100 spikes, plus some where an outage or the stuck sensor ends.
 *
 * Outages and the stuck sensor follow event time since the stream's start, in cycles of {@value
 * #CYCLE_MILLIS} ms (10 min), so they last as long at any rate:
 *
 * <ul>
 *   <li>{@code d-h8} is down from 20 s to 170 s into each cycle and {@code d-h9} from 320 s to
 *       470 s ({@value #OUTAGE_MILLIS} ms each): a gap of at least 145 s, the readings around it
 *       being at most 5 s out of order. The first silence can be reported 140 s into a run (120 s
 *       after the last reading) and ends 170 s in. While down, a standby ({@code d-h8b}, {@code
 *       d-h9b}) reports in its place, keeping the rate; being idle the rest of the cycle, each
 *       standby goes silent 120 s after its device is back, and resumes in the next cycle.
 *   <li>{@code d-h6}'s humidity sticks at one value for {@value #STUCK_MILLIS} ms from 60 s into
 *       each cycle: no ZSCORE while its history is flat (stddev 0), and usually a few when it
 *       moves again, against that flat history.
 * </ul>
 *
 * Spikes and out-of-range readings are on time and never garbled. Shares of the other records,
 * like the other generators: malformed in one of the ways the contract dead-letters {@value
 * #MALFORMED_RATE}; a retransmission of a recent reading (same deviceId and seq, half of them
 * with a later timestamp) {@value #DUPLICATE_RATE}; up to 5 s behind their turn, within {@link
 * #maxOutOfOrderness()}, {@value #OUT_OF_ORDER_RATE}; and, for fleet readings only (a late
 * reading could fall into an outage), 30 s to 10 min late {@value #LATE_RATE}. Early in a run a
 * late reading dated before the start opens a gap of over 120 s to its device's next one, which
 * the pipeline rightly reports as a silence too, when within the allowed lateness.
 */
final class ReadingGenerator implements EventGenerator {
  private static final long serialVersionUID = 1L;

  static final int FLEET = 2_000;
  static final int HOT_DEVICES = 10;
  static final int HOT_EVERY = 5;

  static final int PATTERN_PERIOD = 2_000;
  static final int SPIKE_DEVICES = 6;
  static final int FAULT_AT = 1_501;

  static final long CYCLE_MILLIS = 600_000;
  static final long OUTAGE_MILLIS = 150_000;
  static final long D_H8_DOWN_AT_MILLIS = 20_000;
  static final long D_H9_DOWN_AT_MILLIS = 320_000;
  static final long STUCK_AT_MILLIS = 60_000;
  static final long STUCK_MILLIS = 90_000;

  static final double MALFORMED_RATE = 0.01;
  static final double DUPLICATE_RATE = 0.01;
  static final double OUT_OF_ORDER_RATE = 0.30;
  static final double LATE_RATE = 0.003;

  private static final Disorder DISORDER =
      new Disorder(Duration.standardSeconds(5), OUT_OF_ORDER_RATE, LATE_RATE);
  private static final String[] FIELDS = {"deviceId", "sensor", "value", "seq", "timestamp"};

  // A hot device's turns in a pattern period (40), and the turn of the period's spike: a
  // multiple of 4, so that the turn of sensor s is SPIKE_TURN + s.
  private static final int TURNS_PER_PERIOD = PATTERN_PERIOD / (HOT_EVERY * HOT_DEVICES);
  private static final int SPIKE_TURN = 20;
  // Four consecutive fleet readings cycle through the sensors (skipping one at most, where a
  // round ends), so at least one of them is temperature or humidity.
  private static final int FAULT_CANDIDATES = 4;
  private static final int STUCK_DEVICE = 6;
  // Coprime to FLEET: a round visits d-0, d-1237, d-474, ... rather than the fleet in order.
  private static final int FLEET_STRIDE = 1_237;

  // Profile kinds, for profileSeed.
  private static final int FLEET_KIND = 0;
  private static final int HOT_KIND = 1;
  private static final int STANDBY_KIND = 2;

  private enum Sensor {
    // field, baseline from and to, sine amplitude from and to, noise sd, spike size, decimals
    TEMPERATURE("temperature", 17, 28, 0.5, 2.5, 0.15, 20, 2), // °C
    HUMIDITY("humidity", 35, 65, 1, 4, 0.5, 30, 1), // % relative humidity
    PRESSURE("pressure", 1_005, 1_020, 0.5, 2, 0.1, 25, 2), // hPa
    VIBRATION("vibration", 0.3, 1.2, 0.05, 0.25, 0.03, 4, 3); // mm/s RMS

    final String field;
    final double baselineFrom;
    final double baselineTo;
    final double amplitudeFrom;
    final double amplitudeTo;
    final double noise;
    final double spike;
    final int decimals;

    Sensor(String field, double baselineFrom, double baselineTo, double amplitudeFrom,
        double amplitudeTo, double noise, double spike, int decimals) {
      this.field = field;
      this.baselineFrom = baselineFrom;
      this.baselineTo = baselineTo;
      this.amplitudeFrom = amplitudeFrom;
      this.amplitudeTo = amplitudeTo;
      this.noise = noise;
      this.spike = spike;
      this.decimals = decimals;
    }

    /** Has default THRESHOLD bounds. */
    boolean bounded() {
      return this == TEMPERATURE || this == HUMIDITY;
    }

    BigDecimal round(double value) {
      return BigDecimal.valueOf(Math.round(value * Math.pow(10, decimals)), decimals);
    }
  }

  private static final Sensor[] SENSORS = Sensor.values();

  /** What a reading is: ordinary, or one of the injected kinds. */
  private enum Role {
    FLEET,
    HOT,
    STUCK,
    SPIKE,
    FAULT;

    /** Spikes and faults keep their time and are never garbled or lost: rules depend on them. */
    boolean injected() {
      return this == SPIKE || this == FAULT;
    }
  }

  /** Who reports at an index, which sensor, with which seq; {@code frozenAt} for STUCK only. */
  private record Slot(
      String deviceId, long profile, Sensor sensor, long seq, Role role, long frozenAt) {}

  /** A device's sensor: baseline + amplitude x sin(2 pi t / period + phase). */
  private record Signal(double baseline, double amplitude, double periodMillis, double phase) {
    static Signal of(long profile, Sensor sensor) {
      SplittableRandom random = new SplittableRandom(profile);
      return new Signal(
          between(random, sensor.baselineFrom, sensor.baselineTo),
          between(random, sensor.amplitudeFrom, sensor.amplitudeTo),
          between(random, 5, 15) * 60_000,
          between(random, 0, 2 * Math.PI));
    }

    double at(long millis) {
      return baseline + amplitude * Math.sin(2 * Math.PI * millis / periodMillis + phase);
    }

    private static double between(SplittableRandom random, double from, double to) {
      return from + (to - from) * random.nextDouble();
    }
  }

  @Override
  public Duration maxOutOfOrderness() {
    return DISORDER.maxOutOfOrderness();
  }

  @Override
  public GeneratedEvent generate(long index, SyntheticStream stream) {
    SplittableRandom random = stream.randomFor(index);
    long nominalTime = stream.nominalTimeMillis(index);
    double roll = random.nextDouble();
    Slot slot = slotAt(index, stream);
    if (slot.role().injected()) {
      return reading(slot, nominalTime, random, 0);
    }
    if (roll < MALFORMED_RATE) {
      return new GeneratedEvent(malformed(slot, nominalTime, random), nominalTime);
    }
    if (roll < MALFORMED_RATE + DUPLICATE_RATE && index > 100) {
      // A retransmission of a recent reading, regenerated exactly: same deviceId and seq. Half
      // the copies carry a later timestamp (a resend); the original, with the earliest, counts.
      long original = index - 1 - random.nextInt(100);
      long resendDelay = random.nextBoolean() ? 0 : 1 + random.nextLong(3_000);
      GeneratedEvent copy = retransmission(original, stream, resendDelay);
      if (copy != null) {
        return copy;
      }
    }
    return reading(slot, nominalTime, random, 0);
  }

  /** The reading first sent at {@code original}, or null if that index sent none. */
  private GeneratedEvent retransmission(long original, SyntheticStream stream, long resendDelay) {
    SplittableRandom random = stream.randomFor(original);
    long nominalTime = stream.nominalTimeMillis(original);
    double roll = random.nextDouble(); // the original's own roll
    Slot slot = slotAt(original, stream);
    if (!slot.role().injected() && roll < MALFORMED_RATE + DUPLICATE_RATE) {
      return null; // malformed, or itself a copy: nothing of its own to resend
    }
    return reading(slot, nominalTime, random, resendDelay);
  }

  private static Slot slotAt(long index, SyntheticStream stream) {
    if (index % HOT_EVERY != 0) {
      return fleetSlot(index);
    }
    long hotSlot = index / HOT_EVERY;
    int device = (int) (hotSlot % HOT_DEVICES);
    long turn = hotSlot / HOT_DEVICES;
    Sensor sensor = SENSORS[(int) (turn % SENSORS.length)];
    long profile = profileSeed(HOT_KIND, device * SENSORS.length + sensor.ordinal());
    long sinceStart = stream.nominalTimeMillis(index) - stream.nominalTimeMillis(0);
    long inCycle = sinceStart % CYCLE_MILLIS;
    if (isDown(device, inCycle)) {
      long standby = profileSeed(STANDBY_KIND, device * SENSORS.length + sensor.ordinal());
      return new Slot("d-h" + device + "b", standby, sensor, turn, Role.HOT, 0);
    }
    String deviceId = "d-h" + device;
    if (isSpike(device, turn)) {
      return new Slot(deviceId, profile, sensor, turn, Role.SPIKE, 0);
    }
    if (device == STUCK_DEVICE && sensor == Sensor.HUMIDITY
        && inCycle >= STUCK_AT_MILLIS && inCycle < STUCK_AT_MILLIS + STUCK_MILLIS) {
      long frozenAt = stream.nominalTimeMillis(0) + sinceStart - inCycle + STUCK_AT_MILLIS;
      return new Slot(deviceId, profile, sensor, turn, Role.STUCK, frozenAt);
    }
    return new Slot(deviceId, profile, sensor, turn, Role.HOT, 0);
  }

  private static Slot fleetSlot(long index) {
    long fleetSlot = fleetSlotOf(index);
    int position = (int) (fleetSlot % FLEET);
    int device = (int) ((long) position * FLEET_STRIDE % FLEET);
    Sensor sensor = fleetSensor(fleetSlot);
    long profile = profileSeed(FLEET_KIND, (long) device * SENSORS.length + sensor.ordinal());
    Role role = isFault(index) ? Role.FAULT : Role.FLEET;
    return new Slot("d-" + device, profile, sensor, fleetSlot / FLEET, role, 0);
  }

  /** The indexes the hot devices leave, counted. */
  private static long fleetSlotOf(long index) {
    return index - index / HOT_EVERY - 1;
  }

  /** A device's sensor moves on each round, and neighbours in a round report different ones. */
  private static Sensor fleetSensor(long fleetSlot) {
    return SENSORS[(int) ((fleetSlot % FLEET + fleetSlot / FLEET) % SENSORS.length)];
  }

  /** The first fleet reading of a bounded sensor among the candidates of a pattern period. */
  private static boolean isFault(long index) {
    long offset = index % PATTERN_PERIOD;
    if (offset < FAULT_AT || offset >= FAULT_AT + FAULT_CANDIDATES) {
      return false;
    }
    for (long earlier = index - (offset - FAULT_AT); earlier < index; earlier++) {
      if (fleetSensor(fleetSlotOf(earlier)).bounded()) {
        return false;
      }
    }
    return fleetSensor(fleetSlotOf(index)).bounded();
  }

  /** The spike of pattern period p is on device p % 6, on sensor (p / 6) % 4, mid-period. */
  private static boolean isSpike(int device, long turn) {
    long period = turn / TURNS_PER_PERIOD;
    int sensor = (int) (period / SPIKE_DEVICES % SENSORS.length);
    // Period 0 is skipped: in it the spiked sensor has fewer than 10 readings before.
    return period >= 1
        && device == period % SPIKE_DEVICES
        && turn % TURNS_PER_PERIOD == SPIKE_TURN + sensor;
  }

  private static boolean isDown(int device, long inCycle) {
    long downFrom =
        switch (device) {
          case 8 -> D_H8_DOWN_AT_MILLIS;
          case 9 -> D_H9_DOWN_AT_MILLIS;
          default -> -1;
        };
    return downFrom >= 0 && inCycle >= downFrom && inCycle < downFrom + OUTAGE_MILLIS;
  }

  private GeneratedEvent reading(
      Slot slot, long nominalTime, SplittableRandom random, long resendDelayMillis) {
    // Injected readings stay on time: the rules depend on their order. Only the fleet is ever
    // late (a late reading could fall into an outage).
    long taken =
        slot.role().injected()
            ? nominalTime
            : DISORDER.eventTime(nominalTime, random, slot.role() == Role.FLEET);
    Sensor sensor = slot.sensor();
    Signal signal = Signal.of(slot.profile(), sensor);
    double value = signal.at(taken) + sensor.noise * clamp(random.nextGaussian(), 2.5);
    switch (slot.role()) {
      case STUCK -> value = signal.at(slot.frozenAt()); // what it read when it froze, no noise
      case SPIKE -> {
        boolean up =
            switch (sensor) {
              case HUMIDITY -> value < 50; // towards the middle: stays within [0, 100]
              case VIBRATION -> true; // a knock; vibration is never negative
              default -> random.nextBoolean();
            };
        value += up ? sensor.spike : -sensor.spike;
      }
      case FAULT -> value = fault(sensor, random);
      default -> value = Math.max(0, value); // a physical quantity; only vibration comes near 0
    }
    long timestamp = taken + resendDelayMillis;
    String json =
        JsonLine.object()
            .put("deviceId", slot.deviceId())
            .put("sensor", sensor.field)
            .put("value", sensor.round(value))
            .put("seq", slot.seq())
            .putTime("timestamp", timestamp)
            .end();
    return new GeneratedEvent(json, timestamp);
  }

  /** An out-of-bounds reading of a temperature or humidity sensor, as faulty ones send. */
  private static double fault(Sensor sensor, SplittableRandom random) {
    boolean high = random.nextBoolean();
    double by = random.nextDouble();
    if (sensor == Sensor.TEMPERATURE) {
      return high ? 86 + 64 * by : -127; // -127: what a disconnected DS18B20 probe reads
    }
    return high ? 100.5 + 19.5 * by : -0.5 - 9.5 * by;
  }

  /** One defect each, on the slot's own reading: the contract's bad cases. */
  private static String malformed(Slot slot, long nominalTime, SplittableRandom random) {
    Sensor sensor = slot.sensor();
    String value = sensor.round(Signal.of(slot.profile(), sensor).at(nominalTime)).toPlainString();
    String seq = Long.toString(slot.seq());
    String timestamp = EventTimes.format(nominalTime);
    String[] tokens = {
      quoted(slot.deviceId()), quoted(sensor.field), value, seq, quoted(timestamp)
    };
    int defect = random.nextInt(9);
    switch (defect) {
      case 0 -> {
        // A device misconfigured to send CSV: not JSON at all.
        return String.join(",", slot.deviceId(), sensor.field, value, seq, timestamp);
      }
      case 1 -> {
        String line = rawRecord(tokens, -1);
        return line.substring(0, line.length() / 2); // cut off mid-record
      }
      case 2 -> {
        return rawRecord(tokens, random.nextInt(tokens.length)); // a required field missing
      }
      case 3 -> tokens[2] = quoted(value); // a number sent as a string
      case 4 -> tokens[2] = "null";
      case 5 -> tokens[2] = "1e999"; // parses as infinity
      case 6 -> tokens[3] = Long.toString(Integer.MIN_VALUE + slot.seq()); // a wrapped int32
      case 7 -> tokens[3] = seq + ".5";
      default -> // local time in a day-first format, without a zone
          tokens[4] = quoted(timestamp.substring(8, 10) + "/" + timestamp.substring(5, 7) + "/"
              + timestamp.substring(0, 4) + " " + timestamp.substring(11, 19));
    }
    return rawRecord(tokens, -1);
  }

  /** A record written by hand, tokens as given, so that it can be wrong in ways JsonLine is not. */
  private static String rawRecord(String[] tokens, int omitted) {
    StringBuilder line = new StringBuilder("{");
    for (int i = 0; i < FIELDS.length; i++) {
      if (i == omitted) {
        continue;
      }
      if (line.length() > 1) {
        line.append(',');
      }
      line.append('"').append(FIELDS[i]).append("\":").append(tokens[i]);
    }
    return line.append('}').toString();
  }

  private static String quoted(String text) {
    return '"' + text + '"';
  }

  /**
   * Seeds for what is fixed per device and sensor, independent of --seed like a real fleet.
   * Kinds live in far-apart ranges: SplittableRandom seeds that differ by its increment give
   * shifted copies of one sequence, which nearby seeds such as {@code kind * step + n} could hit.
   */
  private static long profileSeed(int kind, long number) {
    return ((long) kind << 40) ^ number;
  }

  private static double clamp(double value, double bound) {
    return Math.max(-bound, Math.min(bound, value));
  }
}
