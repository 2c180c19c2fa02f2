package dev.streamtemplates.io.synthetic;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.joda.time.Duration;

/**
 * How synthetic records leave their turn in event time, as real ones do: a share arrives out of
 * order but on time (up to {@link #maxOutOfOrderness()} behind their turn), a small share late
 * (30 s to 10 min behind: around the default allowed lateness, so some are kept and some
 * dead-lettered). One draw per record, so a generator stays deterministic per index.
 */
public final class Disorder implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long LATE_MIN_MILLIS = 30_000;
  private static final long LATE_SPAN_MILLIS = 570_000;

  private final Duration maxOutOfOrderness;
  private final double outOfOrderRate;
  private final double lateRate;

  public Disorder(Duration maxOutOfOrderness, double outOfOrderRate, double lateRate) {
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.outOfOrderRate = outOfOrderRate;
    this.lateRate = lateRate;
  }

  /** What {@link EventGenerator#maxOutOfOrderness()} should return. */
  public Duration maxOutOfOrderness() {
    return maxOutOfOrderness;
  }

  /**
   * The event time of a record whose turn is {@code nominalTime}.
   *
   * @param mayBeLate false for records that must stay on time (a generator's planted patterns)
   */
  public long eventTime(long nominalTime, SplittableRandom random, boolean mayBeLate) {
    double roll = random.nextDouble();
    if (roll < lateRate) {
      return mayBeLate ? nominalTime - LATE_MIN_MILLIS - random.nextLong(LATE_SPAN_MILLIS) : nominalTime;
    }
    if (roll < lateRate + outOfOrderRate) {
      return nominalTime - random.nextLong(maxOutOfOrderness.getMillis());
    }
    return nominalTime;
  }
}
