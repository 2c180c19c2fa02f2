package dev.streamtemplates.io.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * A {@link SyntheticSource} read a block of lines at a time: the same lines, event times, pace,
 * watermark and checkpoints, but the runner sees one element per block of up to {@code size}
 * lines, which a step chained to the read turns back into lines, each with its own event time.
 *
 * <p>Why: the Flink runner updates every metric of a read step after each element it reads
 * (Beam's {@code ReaderInvocationUtil}: a full query of the step's metrics, per element). That
 * was a third of the reading thread's time, as much as generating the lines. A block pays it once.
 * Paced, a block holds the lines that are due (one, mostly); replayed, it is full. A block is
 * stamped with its earliest line's time; the lines follow it before any watermark does.
 *
 * <p>Sources that read a record at a time (Kafka, Pub/Sub) still pay that cost per record on the
 * Flink runner; docs/BENCHMARKS.md measures it.
 */
public final class SyntheticBlocks extends PTransform<PBegin, PCollection<String>> {
  /**
   * Enough to make the per-element cost of a read small. Not more: the Flink runner passes a
   * watermark on only when a step's bundle (1,000 elements) ends, so larger blocks make longer
   * bundles, a later watermark and more records in flight (docs/BENCHMARKS.md).
   */
  public static final int DEFAULT_SIZE = 10;

  private final SyntheticSource lines;
  private final int size;

  private SyntheticBlocks(SyntheticSource lines, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("block size must be >= 1, got " + size);
    }
    this.lines = lines;
    this.size = size;
  }

  /** Reads {@code lines} in blocks of up to {@link #DEFAULT_SIZE} lines. */
  public static SyntheticBlocks of(SyntheticSource lines) {
    return new SyntheticBlocks(lines, DEFAULT_SIZE);
  }

  /** Reads in blocks of up to {@code size} lines. */
  public SyntheticBlocks inBlocksOf(int size) {
    return new SyntheticBlocks(lines, size);
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    return begin
        .apply("ReadBlocks", Read.from(new BlockSource(lines, size)))
        .apply("Lines", ParDo.of(new LinesFn()))
        .setCoder(StringUtf8Coder.of());
  }

  /** Each line of a block, with its own event time (never before the block's). */
  static final class LinesFn extends DoFn<List<TimestampedValue<String>>, String> {
    @ProcessElement
    public void process(@Element List<TimestampedValue<String>> block, OutputReceiver<String> out) {
      for (TimestampedValue<String> line : block) {
        out.outputWithTimestamp(line.getValue(), line.getTimestamp());
      }
    }
  }

  /** The line source's splits, each read through a {@link BlockReader}. */
  static final class BlockSource
      extends UnboundedSource<List<TimestampedValue<String>>, SyntheticSource.Position> {
    private static final long serialVersionUID = 1L;
    private final SyntheticSource lines;
    private final int size;

    BlockSource(SyntheticSource lines, int size) {
      this.lines = lines;
      this.size = size;
    }

    @Override
    public List<BlockSource> split(int desiredNumSplits, PipelineOptions options) {
      List<BlockSource> parts = new ArrayList<>();
      for (SyntheticSource part : lines.split(desiredNumSplits, options)) {
        parts.add(new BlockSource(part, size));
      }
      return parts;
    }

    @Override
    public BlockReader createReader(PipelineOptions options, SyntheticSource.Position checkpoint) {
      return new BlockReader(this, lines.createReader(options, checkpoint));
    }

    @Override
    public Coder<SyntheticSource.Position> getCheckpointMarkCoder() {
      return lines.getCheckpointMarkCoder();
    }

    @Override
    public Coder<List<TimestampedValue<String>>> getOutputCoder() {
      return ListCoder.of(TimestampedValue.TimestampedValueCoder.of(StringUtf8Coder.of()));
    }
  }

  /** Advances the line reader until a block is full or no line is due. */
  static final class BlockReader extends UnboundedSource.UnboundedReader<List<TimestampedValue<String>>> {
    private final BlockSource source;
    private final UnboundedSource.UnboundedReader<String> lines;
    private List<TimestampedValue<String>> current;
    private Instant currentTimestamp;

    BlockReader(BlockSource source, UnboundedSource.UnboundedReader<String> lines) {
      this.source = source;
      this.lines = lines;
    }

    @Override
    public boolean start() throws java.io.IOException {
      return fill(lines.start());
    }

    @Override
    public boolean advance() throws java.io.IOException {
      return fill(lines.advance());
    }

    private boolean fill(boolean more) throws java.io.IOException {
      if (!more) {
        current = null;
        return false;
      }
      List<TimestampedValue<String>> block = new ArrayList<>(source.size);
      long earliest = Long.MAX_VALUE;
      do {
        Instant time = lines.getCurrentTimestamp();
        block.add(TimestampedValue.of(lines.getCurrent(), time));
        earliest = Math.min(earliest, time.getMillis());
      } while (block.size() < source.size && lines.advance());
      current = block;
      currentTimestamp = new Instant(earliest);
      return true;
    }

    @Override
    public List<TimestampedValue<String>> getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return currentTimestamp;
    }

    @Override
    public Instant getWatermark() {
      return lines.getWatermark();
    }

    @Override
    public UnboundedSource.CheckpointMark getCheckpointMark() {
      return lines.getCheckpointMark();
    }

    @Override
    public BlockSource getCurrentSource() {
      return source;
    }

    @Override
    public void close() throws java.io.IOException {
      lines.close();
    }
  }
}
