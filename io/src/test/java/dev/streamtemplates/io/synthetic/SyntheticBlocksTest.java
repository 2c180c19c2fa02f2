package dev.streamtemplates.io.synthetic;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class SyntheticBlocksTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final long START = Instant.parse("2026-11-23T10:00:00Z").getMillis();

  /** A generator whose event times run backwards within each pair, so blocks hold disorder. */
  static final class PairsGenerator implements EventGenerator {
    @Override
    public GeneratedEvent generate(long index, SyntheticStream stream) {
      long time = stream.nominalTimeMillis(index ^ 1);
      return new GeneratedEvent("line " + index, time);
    }

    @Override
    public org.joda.time.Duration maxOutOfOrderness() {
      return org.joda.time.Duration.standardSeconds(1);
    }
  }

  private static SyntheticSource replay(long max) {
    return new SyntheticSource(new PairsGenerator(), 10, max, 1, START).replaying();
  }

  /** Every line the line source reads, with its timestamp. */
  private static List<TimestampedValue<String>> lineByLine(SyntheticSource source) throws Exception {
    List<TimestampedValue<String>> lines = new ArrayList<>();
    UnboundedSource.UnboundedReader<String> reader = source.createReader(null, null);
    for (boolean more = reader.start(); more; more = reader.advance()) {
      lines.add(TimestampedValue.of(reader.getCurrent(), reader.getCurrentTimestamp()));
    }
    return lines;
  }

  @Test
  public void blocksHoldTheSameLinesWithTheSameTimesStampedWithTheirEarliest() throws Exception {
    SyntheticBlocks.BlockSource blocks = new SyntheticBlocks.BlockSource(replay(25), 10);
    SyntheticBlocks.BlockReader reader = blocks.createReader(null, null);
    List<TimestampedValue<String>> lines = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (boolean more = reader.start(); more; more = reader.advance()) {
      List<TimestampedValue<String>> block = reader.getCurrent();
      sizes.add(block.size());
      long earliest =
          block.stream().mapToLong(l -> l.getTimestamp().getMillis()).min().getAsLong();
      assertThat(reader.getCurrentTimestamp(), is(new Instant(earliest)));
      lines.addAll(block);
    }
    assertThat(sizes, is(List.of(10, 10, 5)));
    assertThat(lines, is(lineByLine(replay(25))));
    assertThat(reader.getWatermark(), is(BoundedWindow.TIMESTAMP_MAX_VALUE));
  }

  @Test
  public void aBlockEndsAtTheFirstLineNotYetDueAndTheWatermarkIsTheLineSourcesAfterIt()
      throws Exception {
    // Paced at a line a second: the first line is due at once, the second a second later.
    SyntheticSource paced = new SyntheticSource(new PairsGenerator(), 1, 100, 1, START);
    SyntheticBlocks.BlockReader reader =
        new SyntheticBlocks.BlockSource(paced, 10).createReader(null, null);
    assertThat(reader.start(), is(true));
    assertThat(reader.getCurrent().size(), is(1));
    UnboundedSource.UnboundedReader<String> lines = paced.createReader(null, null);
    lines.start();
    assertThat(reader.getWatermark(), is(lines.getWatermark()));
    assertThat(reader.advance(), is(false)); // nothing more is due yet
  }

  @Test
  public void aReaderRestoredFromABlocksCheckpointGoesOnAfterTheBlock() throws Exception {
    SyntheticBlocks.BlockSource blocks = new SyntheticBlocks.BlockSource(replay(25), 10);
    SyntheticBlocks.BlockReader first = blocks.createReader(null, null);
    first.start();
    SyntheticSource.Position mark =
        CoderUtils.clone(
            blocks.getCheckpointMarkCoder(), (SyntheticSource.Position) first.getCheckpointMark());
    SyntheticBlocks.BlockReader restored = blocks.createReader(null, mark);
    assertThat(restored.start(), is(true));
    assertThat(restored.getCurrent(), is(lineByLine(replay(25)).subList(10, 20)));
  }

  @Test
  public void splitsReadEveryLineOnce() throws Exception {
    List<String> all = new ArrayList<>();
    SyntheticBlocks.BlockSource blocks = new SyntheticBlocks.BlockSource(replay(25), 4);
    for (SyntheticBlocks.BlockSource part : blocks.split(3, PipelineOptionsFactory.create())) {
      SyntheticBlocks.BlockReader reader = part.createReader(null, null);
      for (boolean more = reader.start(); more; more = reader.advance()) {
        reader.getCurrent().forEach(l -> all.add(l.getValue()));
      }
    }
    all.sort(null);
    List<String> expected = new ArrayList<>();
    lineByLine(replay(25)).forEach(l -> expected.add(l.getValue()));
    expected.sort(null);
    assertThat(all, is(expected));
  }

  /** "line @millis after START". */
  static final class StampFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String line, @Timestamp Instant time, OutputReceiver<String> out) {
      out.output(line + " @" + (time.getMillis() - START));
    }
  }

  @Test
  public void inAPipelineEachLineCarriesItsOwnEventTime() {
    PCollection<String> stamped =
        p.apply(SyntheticBlocks.of(replay(6)).inBlocksOf(4))
            .apply(ParDo.of(new StampFn()));
    // Line i is stamped with the nominal time of i ^ 1: 100 ms apart, swapped in pairs.
    PAssert.that(stamped)
        .containsInAnyOrder(
            "line 0 @100", "line 1 @0", "line 2 @300", "line 3 @200", "line 4 @500", "line 5 @400");
    p.run();
  }
}
