package dev.streamtemplates.io.synthetic;

import java.util.SplittableRandom;

/**
 * What a generator may ask of the stream it fills: where any record belongs in event time, and
 * the randomness of any record. Both depend only on {@code --seed}, the rate and the start, so a
 * generator can regenerate an earlier record exactly (to retransmit it as a duplicate).
 */
public interface SyntheticStream {
  long nominalTimeMillis(long index);

  /** A fresh generator for record {@code index}: the same sequence every time it is asked. */
  SplittableRandom randomFor(long index);
}
