package dev.streamtemplates.transforms.window;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Event-time policy shared by every pipeline: lateness, early panes, duplicate memory. */
public interface EventTimeOptions extends PipelineOptions {
  @Description(
      "How late an event may be (seconds behind the watermark) and still update results; later"
          + " events are counted in droppedLate and written to the dead-letter output.")
  @Default.Long(300)
  long getAllowedLatenessSec();

  void setAllowedLatenessSec(long value);

  @Description(
      "Streaming runs: emit an early pane of each open window this many seconds (processing"
          + " time) after its first element.")
  @Default.Long(10)
  long getEarlyFiringSec();

  void setEarlyFiringSec(long value);

  @Description(
      "How long (event-time seconds after a record) a later copy with the same id is still"
          + " recognised as a duplicate; at least the allowed lateness is always used.")
  @Default.Long(600)
  long getDedupHorizonSec();

  void setDedupHorizonSec(long value);

  /**
   * How long dedup remembers an id: the option, but never less than the allowed lateness (a copy
   * may arrive that late and must still be recognised).
   */
  static org.joda.time.Duration dedupHorizon(EventTimeOptions options) {
    return org.joda.time.Duration.standardSeconds(
        Math.max(options.getDedupHorizonSec(), options.getAllowedLatenessSec()));
  }

  /** Fails fast, naming the option, on values that cannot work. */
  static void validate(EventTimeOptions options) {
    if (options.getAllowedLatenessSec() < 0) {
      throw new IllegalArgumentException(
          "--allowedLatenessSec must be >= 0, got " + options.getAllowedLatenessSec());
    }
    if (options.getEarlyFiringSec() <= 0) {
      throw new IllegalArgumentException(
          "--earlyFiringSec must be > 0, got " + options.getEarlyFiringSec());
    }
    if (options.getDedupHorizonSec() < 0) {
      throw new IllegalArgumentException(
          "--dedupHorizonSec must be >= 0, got " + options.getDedupHorizonSec());
    }
  }
}
