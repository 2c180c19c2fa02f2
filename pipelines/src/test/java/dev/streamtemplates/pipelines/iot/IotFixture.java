package dev.streamtemplates.pipelines.iot;

import java.util.ArrayList;
import java.util.List;

/**
 * Two devices: d-1 walks ZSCORE up to its threshold (exactly 4 stddev: no; 4.1: yes) and crosses
 * the humidity bounds (100: no; 100.5 and -0.1: yes); d-2 pauses exactly 120 s (not silence) then
 * 120.001 s (silence). Every expected record is written out below (sensor-stats worked out with a
 * two-pass reference, rounded to 6 decimals).
 */
final class IotFixture {
  private IotFixture() {}

  static final List<String> READINGS = List.of(
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":20,\"seq\":1,\"timestamp\":\"2026-11-23T10:00:00.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":21,\"seq\":2,\"timestamp\":\"2026-11-23T10:00:10.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":20,\"seq\":3,\"timestamp\":\"2026-11-23T10:00:20.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":21,\"seq\":4,\"timestamp\":\"2026-11-23T10:00:30.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":20,\"seq\":5,\"timestamp\":\"2026-11-23T10:00:40.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":21,\"seq\":6,\"timestamp\":\"2026-11-23T10:00:50.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":20,\"seq\":7,\"timestamp\":\"2026-11-23T10:01:00.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":21,\"seq\":8,\"timestamp\":\"2026-11-23T10:01:10.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":20,\"seq\":9,\"timestamp\":\"2026-11-23T10:01:20.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":21,\"seq\":10,\"timestamp\":\"2026-11-23T10:01:30.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":22.5,\"seq\":11,\"timestamp\":\"2026-11-23T10:01:40.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":17.6,\"seq\":12,\"timestamp\":\"2026-11-23T10:01:50.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"value\":100,\"seq\":13,\"timestamp\":\"2026-11-23T10:00:05.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"value\":100.5,\"seq\":14,\"timestamp\":\"2026-11-23T10:00:15.000Z\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"value\":-0.1,\"seq\":15,\"timestamp\":\"2026-11-23T10:00:25.000Z\"}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"value\":1000,\"seq\":1,\"timestamp\":\"2026-11-23T10:00:00.000Z\"}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"value\":1001,\"seq\":2,\"timestamp\":\"2026-11-23T10:02:00.000Z\"}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"value\":1002,\"seq\":3,\"timestamp\":\"2026-11-23T10:04:00.001Z\"}");

  /** Retransmissions: a later copy of d-1 seq 3, and an exact copy of d-2 seq 1. */
  static final List<String> DUPLICATES = List.of(
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"value\":20,\"seq\":3,\"timestamp\":\"2026-11-23T10:05:00.000Z\"}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"value\":1000,\"seq\":1,\"timestamp\":\"2026-11-23T10:00:00.000Z\"}");

  static List<String> good() {
    List<String> all = new ArrayList<>(READINGS);
    all.addAll(DUPLICATES);
    return all;
  }

  static final List<String> SENSOR_STATS = List.of(
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"windowStart\":\"2026-11-23T09:56:00.000Z\",\"windowEnd\":\"2026-11-23T10:01:00.000Z\",\"count\":3,\"min\":-0.1,\"max\":100.5,\"mean\":66.8,\"stddev\":47.305884,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"windowStart\":\"2026-11-23T09:57:00.000Z\",\"windowEnd\":\"2026-11-23T10:02:00.000Z\",\"count\":3,\"min\":-0.1,\"max\":100.5,\"mean\":66.8,\"stddev\":47.305884,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"windowStart\":\"2026-11-23T09:58:00.000Z\",\"windowEnd\":\"2026-11-23T10:03:00.000Z\",\"count\":3,\"min\":-0.1,\"max\":100.5,\"mean\":66.8,\"stddev\":47.305884,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"windowStart\":\"2026-11-23T09:59:00.000Z\",\"windowEnd\":\"2026-11-23T10:04:00.000Z\",\"count\":3,\"min\":-0.1,\"max\":100.5,\"mean\":66.8,\"stddev\":47.305884,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"windowStart\":\"2026-11-23T10:00:00.000Z\",\"windowEnd\":\"2026-11-23T10:05:00.000Z\",\"count\":3,\"min\":-0.1,\"max\":100.5,\"mean\":66.8,\"stddev\":47.305884,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"windowStart\":\"2026-11-23T09:56:00.000Z\",\"windowEnd\":\"2026-11-23T10:01:00.000Z\",\"count\":6,\"min\":20,\"max\":21,\"mean\":20.5,\"stddev\":0.5,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"windowStart\":\"2026-11-23T09:57:00.000Z\",\"windowEnd\":\"2026-11-23T10:02:00.000Z\",\"count\":12,\"min\":17.6,\"max\":22.5,\"mean\":20.425,\"stddev\":1.112149,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"windowStart\":\"2026-11-23T09:58:00.000Z\",\"windowEnd\":\"2026-11-23T10:03:00.000Z\",\"count\":12,\"min\":17.6,\"max\":22.5,\"mean\":20.425,\"stddev\":1.112149,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"windowStart\":\"2026-11-23T09:59:00.000Z\",\"windowEnd\":\"2026-11-23T10:04:00.000Z\",\"count\":12,\"min\":17.6,\"max\":22.5,\"mean\":20.425,\"stddev\":1.112149,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"windowStart\":\"2026-11-23T10:00:00.000Z\",\"windowEnd\":\"2026-11-23T10:05:00.000Z\",\"count\":12,\"min\":17.6,\"max\":22.5,\"mean\":20.425,\"stddev\":1.112149,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"windowStart\":\"2026-11-23T10:01:00.000Z\",\"windowEnd\":\"2026-11-23T10:06:00.000Z\",\"count\":6,\"min\":17.6,\"max\":22.5,\"mean\":20.35,\"stddev\":1.487447,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T09:56:00.000Z\",\"windowEnd\":\"2026-11-23T10:01:00.000Z\",\"count\":1,\"min\":1000,\"max\":1000,\"mean\":1000,\"stddev\":0,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T09:57:00.000Z\",\"windowEnd\":\"2026-11-23T10:02:00.000Z\",\"count\":1,\"min\":1000,\"max\":1000,\"mean\":1000,\"stddev\":0,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T09:58:00.000Z\",\"windowEnd\":\"2026-11-23T10:03:00.000Z\",\"count\":2,\"min\":1000,\"max\":1001,\"mean\":1000.5,\"stddev\":0.5,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T09:59:00.000Z\",\"windowEnd\":\"2026-11-23T10:04:00.000Z\",\"count\":2,\"min\":1000,\"max\":1001,\"mean\":1000.5,\"stddev\":0.5,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T10:00:00.000Z\",\"windowEnd\":\"2026-11-23T10:05:00.000Z\",\"count\":3,\"min\":1000,\"max\":1002,\"mean\":1001,\"stddev\":0.816497,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T10:01:00.000Z\",\"windowEnd\":\"2026-11-23T10:06:00.000Z\",\"count\":2,\"min\":1001,\"max\":1002,\"mean\":1001.5,\"stddev\":0.5,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T10:02:00.000Z\",\"windowEnd\":\"2026-11-23T10:07:00.000Z\",\"count\":2,\"min\":1001,\"max\":1002,\"mean\":1001.5,\"stddev\":0.5,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T10:03:00.000Z\",\"windowEnd\":\"2026-11-23T10:08:00.000Z\",\"count\":1,\"min\":1002,\"max\":1002,\"mean\":1002,\"stddev\":0,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"deviceId\":\"d-2\",\"sensor\":\"pressure\",\"windowStart\":\"2026-11-23T10:04:00.000Z\",\"windowEnd\":\"2026-11-23T10:09:00.000Z\",\"count\":1,\"min\":1002,\"max\":1002,\"mean\":1002,\"stddev\":0,\"timing\":\"ON_TIME\",\"paneIndex\":0}");

  static final List<String> ANOMALIES = List.of(
      "{\"deviceId\":\"d-1\",\"sensor\":\"temperature\",\"seq\":12,\"value\":17.6,\"rule\":\"ZSCORE\",\"timestamp\":\"2026-11-23T10:01:50.000Z\",\"reason\":\"value 17.6 is 4.1 stddev from the mean 20.68 of the last 11\",\"late\":false}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"seq\":14,\"value\":100.5,\"rule\":\"THRESHOLD\",\"timestamp\":\"2026-11-23T10:00:15.000Z\",\"reason\":\"value 100.5 is above the humidity maximum 100\"}",
      "{\"deviceId\":\"d-1\",\"sensor\":\"humidity\",\"seq\":15,\"value\":-0.1,\"rule\":\"THRESHOLD\",\"timestamp\":\"2026-11-23T10:00:25.000Z\",\"reason\":\"value -0.1 is below the humidity minimum 0\"}");

  /** The end of input counts as silence: each device's last reading gives one too. */
  static final List<String> DEVICE_SILENCE = List.of(
      "{\"deviceId\":\"d-2\",\"lastSeen\":\"2026-11-23T10:02:00.000Z\",\"status\":\"SILENT\",\"silentAfterSec\":120}",
      "{\"deviceId\":\"d-2\",\"lastSeen\":\"2026-11-23T10:02:00.000Z\",\"status\":\"RESUMED\",\"resumedAt\":\"2026-11-23T10:04:00.001Z\",\"silentSec\":120.001}",
      "{\"deviceId\":\"d-2\",\"lastSeen\":\"2026-11-23T10:04:00.001Z\",\"status\":\"SILENT\",\"silentAfterSec\":120}",
      "{\"deviceId\":\"d-1\",\"lastSeen\":\"2026-11-23T10:01:50.000Z\",\"status\":\"SILENT\",\"silentAfterSec\":120}");

  /** Every kind of bad record the contract lists for iot, with the error each must produce. */
  static final List<String[]> BAD = List.of(
      new String[] {"{\"deviceId\":\"d\",\"sensor\":\"t\",\"value\":1", "not valid JSON"},
      new String[] {"{\"sensor\":\"t\",\"value\":1,\"seq\":1,\"timestamp\":\"2026-11-23T10:00:00Z\"}", "missing required field 'deviceId'"},
      new String[] {"{\"deviceId\":\"d\",\"sensor\":\"t\",\"value\":\"21.5\",\"seq\":1,\"timestamp\":\"2026-11-23T10:00:00Z\"}", "field 'value' must be a JSON number, got a string"},
      new String[] {"{\"deviceId\":\"d\",\"sensor\":\"t\",\"value\":null,\"seq\":1,\"timestamp\":\"2026-11-23T10:00:00Z\"}", "required field 'value' is null"},
      new String[] {"{\"deviceId\":\"d\",\"sensor\":\"t\",\"value\":1e999,\"seq\":1,\"timestamp\":\"2026-11-23T10:00:00Z\"}", "field 'value' is not a finite number"},
      new String[] {"{\"deviceId\":\"d\",\"sensor\":\"t\",\"value\":1,\"seq\":-1,\"timestamp\":\"2026-11-23T10:00:00Z\"}", "field 'seq' must be >= 0, got -1"},
      new String[] {"{\"deviceId\":\"d\",\"sensor\":\"t\",\"value\":1,\"seq\":1.5,\"timestamp\":\"2026-11-23T10:00:00Z\"}", "field 'seq' must be an integer"},
      new String[] {"{\"deviceId\":\"d\",\"sensor\":\"t\",\"value\":1,\"seq\":1,\"timestamp\":\"10:00\"}", "field 'timestamp' must be ISO-8601 UTC"});
}
