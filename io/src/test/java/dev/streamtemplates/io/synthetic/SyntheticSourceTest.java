package dev.streamtemplates.io.synthetic;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class SyntheticSourceTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final long START = Instant.parse("2026-11-23T10:00:00Z").getMillis();

  /** Payload: index, a random number and the nominal time, so any change in them shows. */
  static final class IndexedGenerator implements EventGenerator {
    @Override
    public GeneratedEvent generate(long index, SyntheticStream stream) {
      long time = stream.nominalTimeMillis(index);
      return new GeneratedEvent(index + ":" + stream.randomFor(index).nextInt(1_000_000) + "@" + time, time);
    }

    @Override
    public Duration maxOutOfOrderness() {
      return Duration.standardSeconds(5);
    }
  }

  private static SyntheticSource source(long seed, long max) {
    return new SyntheticSource(new IndexedGenerator(), 1_000_000, max, seed, START);
  }

  private static Set<String> readAll(SyntheticSource source, int splits) throws Exception {
    Set<String> payloads = new TreeSet<>();
    for (SyntheticSource part : source.split(splits, PipelineOptionsFactory.create())) {
      UnboundedSource.UnboundedReader<String> reader = part.createReader(null, null);
      for (boolean more = reader.start(); more; more = reader.advance()) {
        payloads.add(reader.getCurrent());
      }
      assertThat(reader.getWatermark(), is(BoundedWindow.TIMESTAMP_MAX_VALUE));
    }
    return payloads;
  }

  @Test
  public void theSameSeedGivesTheSameRecordsHoweverTheSourceIsSplit() throws Exception {
    Set<String> whole = readAll(source(7, 50), 1);
    assertThat(whole.size(), is(50));
    assertThat(readAll(source(7, 50), 3), is(whole));
    assertThat(readAll(source(8, 50), 1), not(whole));
  }

  @Test
  public void watermarkTrailsTheNextNominalTimeByTheDisorderBound() throws Exception {
    SyntheticSource source = new SyntheticSource(new IndexedGenerator(), 10, 100, 1, START);
    UnboundedSource.UnboundedReader<String> reader = source.createReader(null, null);
    List<Instant> watermarks = new ArrayList<>();
    reader.start(); // record 0 at 10:00:00.000; at 10 per second the next is due 100 ms later
    watermarks.add(reader.getWatermark());
    assertThat(watermarks.get(0), is(new Instant(START + 100 - 5_000)));
    assertThat(reader.getCurrentTimestamp(), is(new Instant(START)));
  }

  @Test
  public void aBoundedRunReadsExactlyMaxEventsAndEnds() {
    // The source is unbounded: counting needs a window, which closes when the source ends.
    PAssert.thatSingleton(
            p.apply(Read.from(source(3, 120)))
                .apply(Window.into(FixedWindows.of(Duration.standardDays(1))))
                .apply(Combine.globally(Count.<String>combineFn()).withoutDefaults()))
        .isEqualTo(120L);
    p.run().waitUntilFinish();
  }

  @Test
  public void aReplayReadsAheadOfTheClockWithTheSameRecordsAndEventTimes() throws Exception {
    // One record a second of event time: paced, the second record is not due for a second.
    SyntheticSource paced = new SyntheticSource(new IndexedGenerator(), 1, 100, 5, START);
    UnboundedSource.UnboundedReader<String> reader = paced.createReader(null, null);
    assertThat(reader.start(), is(true));
    assertThat(reader.advance(), is(false));

    UnboundedSource.UnboundedReader<String> replay = paced.replaying().createReader(null, null);
    List<Instant> times = new ArrayList<>();
    for (boolean more = replay.start(); more; more = replay.advance()) {
      times.add(replay.getCurrentTimestamp());
    }
    assertThat(times.size(), is(100));
    assertThat(times.get(99), is(new Instant(START + 99_000)));
    assertThat(readAll(paced.replaying(), 3), is(readAll(paced.replaying(), 1)));
  }

  @Test
  public void aReaderReopenedFromItsCheckpointKeepsThePaceOfTheFirstStart() throws Exception {
    // 100 records a second: reopened 300 ms after the first record, 30 more are already due. A
    // reader that restarted the pace at reopening would have one due, and fall behind at every
    // reopening (the Direct runner reopens readers dozens of times a minute).
    SyntheticSource paced = new SyntheticSource(new IndexedGenerator(), 100, 10_000, 5, START);
    UnboundedSource.UnboundedReader<String> first = paced.createReader(null, null);
    assertThat(first.start(), is(true));
    SyntheticSource.Position checkpoint =
        (SyntheticSource.Position) first.getCheckpointMark();
    checkpoint = CoderUtils.clone(paced.getCheckpointMarkCoder(), checkpoint);
    Thread.sleep(300);

    UnboundedSource.UnboundedReader<String> reopened = paced.createReader(null, checkpoint);
    int dueAtOnce = 0;
    for (boolean more = reopened.start(); more; more = reopened.advance()) {
      dueAtOnce++;
    }
    assertThat(dueAtOnce >= 30, is(true));
    assertThat(dueAtOnce < 500, is(true)); // still paced: 5 s worth at most, not the whole run
  }

  @Test
  public void aCheckpointWrittenBeforeTheAnchorStillDecodesAsAPosition() throws Exception {
    ByteArrayOutputStream old = new ByteArrayOutputStream();
    VarLongCoder.of().encode(42L, old); // the position alone
    SyntheticSource.Position restored =
        CoderUtils.decodeFromByteArray(SyntheticSource.Position.Coder.INSTANCE, old.toByteArray());
    assertThat(restored.nextLocal, is(42L));
    assertThat(restored.anchorWallMillis, is(SyntheticSource.Position.NOT_STARTED));
  }
}
