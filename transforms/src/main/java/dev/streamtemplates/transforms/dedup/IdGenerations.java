package dev.streamtemplates.transforms.dedup;

import java.io.Serializable;
import org.joda.time.Duration;

/**
 * How {@link DeduplicateById} forgets ids: event time is cut into generations of half the horizon
 * (rounded up, from the epoch), an emitted id joins the generation of its record's timestamp (or
 * a later one), and a generation is forgotten as a whole once the watermark is a horizon past its
 * end. An id is therefore remembered for at least the horizon after its record and at most half
 * as long again (for a horizon of an odd number of milliseconds, half of it rounds up to a whole
 * millisecond). Public so that a job written outside Beam (the native baseline in {@code
 * benchmarks/}) forgets exactly as the pipelines do.
 */
public final class IdGenerations implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Generations per horizon: more would forget closer to it, with more forget firings. */
  static final int PER_HORIZON = 2;

  private final long lengthMillis;

  private IdGenerations(long lengthMillis) {
    this.lengthMillis = lengthMillis;
  }

  public static IdGenerations of(Duration horizon) {
    return new IdGenerations(Math.max(1, (horizon.getMillis() + PER_HORIZON - 1) / PER_HORIZON));
  }

  /** The generation of a record at {@code timeMillis} of event time. */
  public long at(long timeMillis) {
    return Math.floorDiv(timeMillis, lengthMillis);
  }

  /** When {@code generation} starts. */
  public long startOf(long generation) {
    return generation * lengthMillis;
  }

  /** When every id of {@code generation} has been remembered for the horizon: it is forgotten. */
  public long forgetAt(long generation) {
    return (generation + 1 + PER_HORIZON) * lengthMillis;
  }
}
