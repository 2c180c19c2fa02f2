package dev.streamtemplates.benchmarks.latency;

import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import dev.streamtemplates.io.synthetic.SyntheticStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One record index sequence across every phase of a run, each phase at its own rate from its own
 * start: record indexes (and so {@code txnId}s) never repeat, which the pipeline would drop as
 * duplicates, and a generator that retransmits an earlier record finds it where it was.
 */
final class RateSchedule implements SyntheticStream {
  private record Segment(long firstIndex, long startMillis, double eventsPerSecond) {}

  /** Only its seeded per-record randomness is used: the same as {@code --source=synthetic}'s. */
  private final SyntheticSource randomness;
  private final List<Segment> segments = new ArrayList<>();

  RateSchedule(EventGenerator generator, long seed) {
    this.randomness = new SyntheticSource(generator, 1, -1, seed, 0);
  }

  /** From {@code firstIndex} on, record {@code i} is due {@code (i - firstIndex) / rate} after {@code startMillis}. */
  void startSegment(long firstIndex, long startMillis, double eventsPerSecond) {
    if (!segments.isEmpty() && firstIndex < segments.get(segments.size() - 1).firstIndex) {
      throw new IllegalArgumentException("segments must start at increasing indexes");
    }
    segments.add(new Segment(firstIndex, startMillis, eventsPerSecond));
  }

  @Override
  public long nominalTimeMillis(long index) {
    if (segments.isEmpty()) {
      throw new IllegalStateException("no segment started");
    }
    Segment segment = segments.get(0);
    for (int i = segments.size() - 1; i >= 0; i--) { // the newest segments are asked most
      if (segments.get(i).firstIndex <= index) {
        segment = segments.get(i);
        break;
      }
    }
    return segment.startMillis
        + (long) Math.floor((index - segment.firstIndex) * 1000.0 / segment.eventsPerSecond);
  }

  @Override
  public SplittableRandom randomFor(long index) {
    return randomness.randomFor(index);
  }
}
