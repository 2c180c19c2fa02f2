package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.benchmarks.ReadMarks;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.util.NumberSequenceIterator;

/**
 * The pipelines' synthetic records as a Flink source: record {@code i} is {@code
 * generator.generate(i, stream).payload()} with the same {@link SyntheticSource} (generator, rate,
 * count, seed, start) the Beam run reads, so both engines see the same bytes.
 *
 * <p>{@link DataGeneratorSource} hands each reader a contiguous range of sequence numbers, which
 * would put one reader minutes of event time ahead of the other and hold all its records in state
 * until the watermark (the minimum) caught up. So sequence numbers are dealt round-robin over the
 * ranges, as the Beam source deals indices over its splits: reader {@code k} of {@code p} makes
 * roughly the indices {@code i ≡ k (mod p)}, and every reader advances through event time
 * together. The mapping is a bijection on {@code [0, count)} whatever the ranges turn out to be;
 * only how well the readers keep in step depends on it matching Flink's split.
 */
final class SyntheticLines implements GeneratorFunction<Long, String> {
  private static final long serialVersionUID = 1L;

  private final EventGenerator generator;
  private final SyntheticSource stream;
  private final long[] laneStarts;
  private final long[] laneSizes;

  private SyntheticLines(EventGenerator generator, SyntheticSource stream, long[] laneStarts,
      long[] laneSizes) {
    this.generator = generator;
    this.stream = stream;
    this.laneStarts = laneStarts;
    this.laneSizes = laneSizes;
  }

  /** The source, to be read with {@code parallelism} readers. */
  static DataGeneratorSource<String> source(
      EventGenerator generator, SyntheticSpec spec, int parallelism) {
    SyntheticSource stream =
        new SyntheticSource(
            generator, spec.eventsPerSecond(), spec.events(), spec.seed(), spec.startMillis());
    long[] starts = new long[parallelism];
    long[] sizes = new long[parallelism];
    if (spec.events() > 0) {
      // The ranges Flink's sequence source cuts for this many readers.
      NumberSequenceIterator[] ranges =
          new NumberSequenceIterator(0, spec.events() - 1).split(parallelism);
      long next = 0;
      for (int k = 0; k < parallelism; k++) {
        starts[k] = next;
        sizes[k] =
            k < ranges.length && ranges[k].hasNext()
                ? ranges[k].getTo() - ranges[k].getCurrent() + 1
                : 0;
        next += sizes[k];
      }
      if (next != spec.events()) {
        throw new IllegalStateException("sequence ranges cover " + next + " of " + spec.events());
      }
    }
    return new DataGeneratorSource<>(
        new SyntheticLines(generator, stream, starts, sizes), spec.events(), Types.STRING);
  }

  @Override
  public String map(Long sequence) {
    ReadMarks.read(); // the bench follows the reading (an embedded run: this JVM)
    return generator.generate(index(sequence), stream).payload();
  }

  /**
   * The record index of a sequence number: lanes (the ranges) are read round-robin, each round
   * taking the next number of every lane that still has one.
   */
  long index(long sequence) {
    int lane = laneStarts.length - 1;
    while (lane > 0 && (laneStarts[lane] > sequence || laneSizes[lane] == 0)) {
      lane--;
    }
    long round = sequence - laneStarts[lane];
    long index = 0;
    for (int l = 0; l < laneSizes.length; l++) {
      index += Math.min(laneSizes[l], round);
      if (l < lane && laneSizes[l] > round) {
        index++;
      }
    }
    return index;
  }
}
