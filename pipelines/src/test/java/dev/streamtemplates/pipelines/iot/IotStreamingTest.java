package dev.streamtemplates.pipelines.iot;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.io.sink.NamedOutputs;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.testing.Timeline;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Values;
import org.junit.Rule;
import org.junit.Test;

/** Anomalies and silence on timelines: out of order, late within lateness, too late, resumed. */
public class IotStreamingTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static String reading(String device, String sensor, String value, long seq, String time) {
    return "{\"deviceId\":\"" + device + "\",\"sensor\":\"" + sensor + "\",\"value\":" + value
        + ",\"seq\":" + seq + ",\"timestamp\":\"" + Timeline.iso(time) + "\"}";
  }

  private NamedOutputs iot(Timeline timeline, String... args) {
    return p.apply(timeline.end())
        .apply(ComputeIot.from(PipelineOptionsFactory.fromArgs(args).as(IotOptions.class)));
  }

  @Test
  public void zscoreJudgesEachReadingAgainstTheThirtyBeforeItInEventTimeWhateverTheArrivalOrder() {
    // The fixture's d-1 temperature readings, newest first, all on time.
    List<String> reversed = new ArrayList<>();
    for (String line : IotFixture.READINGS) {
      if (line.contains("temperature")) {
        reversed.add(0, line);
      }
    }
    NamedOutputs out = iot(Timeline.start("10:00:00").add(reversed.toArray(new String[0])));
    PAssert.that(out.get(ComputeIot.ANOMALIES).apply(Values.create()))
        .containsInAnyOrder(IotFixture.ANOMALIES.get(0));
    p.run();
  }

  @Test
  public void aSilentDeviceIsReportedWhenTheWatermarkPassesTheGapAndAgainWhenItResumes() {
    NamedOutputs out = iot(Timeline.start("10:00:00")
        .add(reading("d-2", "pressure", "1000", 1, "10:00:00"))
        .watermark("10:02:00") // exactly 120 s: not yet silent
        .add(reading("d-2", "pressure", "1001", 2, "10:02:00"))
        .watermark("10:04:30") // 150 s after the last reading: silent
        .add(reading("d-2", "pressure", "1002", 3, "10:04:30"))
        .watermark("10:05:00"));
    PAssert.that(out.get(ComputeIot.DEVICE_SILENCE).apply(JsonFields.of("lastSeen", "status", "silentSec")))
        .containsInAnyOrder(
            "lastSeen=2026-11-23T10:02:00.000Z status=SILENT silentSec=<absent>",
            "lastSeen=2026-11-23T10:02:00.000Z status=RESUMED silentSec=150",
            "lastSeen=2026-11-23T10:04:30.000Z status=SILENT silentSec=<absent>"); // end of input
    p.run();
  }

  @Test
  public void aReadingLaterThanTheAllowedLatenessIsDeadLetteredAndCountsNowhere() {
    NamedOutputs out = iot(Timeline.start("10:00:00")
        .add(reading("d-1", "humidity", "50", 1, "10:00:00"))
        .watermark("10:10:00")
        .add(reading("d-1", "humidity", "150", 2, "10:00:30"))); // 570 s behind: beyond 300 s
    PAssert.that(out.get(ComputeIot.ANOMALIES)).empty();
    PAssert.that(out.get(ComputeIot.DEAD_LETTER).apply(JsonFields.of("error"))).satisfies(errors -> {
      List<String> all = new ArrayList<>();
      errors.forEach(all::add);
      assertThat(all.size(), is(1));
      assertThat(all.get(0).startsWith("error=late record: event time 2026-11-23T10:00:30.000Z"), is(true));
      return null;
    });
    p.run();
  }
}
