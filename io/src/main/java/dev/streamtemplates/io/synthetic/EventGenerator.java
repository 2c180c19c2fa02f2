package dev.streamtemplates.io.synthetic;

import java.io.Serializable;
import org.joda.time.Duration;

/**
 * Makes the synthetic records of one domain. The source owns rate, bound, splitting and
 * watermark; the generator owns what a record looks like.
 *
 * <p>Determinism: the record at an index must depend only on what {@link SyntheticStream} gives
 * for indexes (seeded from {@code --seed}), so the same seed gives the same records however the
 * source is split across workers.
 */
public interface EventGenerator extends Serializable {

  /**
   * The record at {@code index}. Its nominal event time is {@code
   * stream.nominalTimeMillis(index)}; the generator may move it to make records out of order or
   * late.
   */
  GeneratedEvent generate(long index, SyntheticStream stream);

  /**
   * How far behind the newest nominal time an on-time record's event time may be. The watermark
   * trails the stream by this much; records moved further back arrive late.
   */
  Duration maxOutOfOrderness();
}
