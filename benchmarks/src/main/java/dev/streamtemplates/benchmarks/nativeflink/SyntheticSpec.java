package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.transforms.window.EventTimeOptions;
import java.io.Serializable;
import java.util.Map;

/**
 * What a native run reads and how late it lets records be: the same numbers as the Beam run's
 * {@code --eventsPerSecond --maxEvents --seed --syntheticStartTime --allowedLatenessSec}.
 */
public record SyntheticSpec(
    double eventsPerSecond, long events, long seed, long startMillis, long allowedLatenessSec)
    implements Serializable {

  public SyntheticSpec {
    if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException("--eventsPerSecond must be > 0, got " + eventsPerSecond);
    }
    if (events < 0) {
      throw new IllegalArgumentException("--events must be >= 0, got " + events);
    }
    if (allowedLatenessSec < 0) {
      throw new IllegalArgumentException(
          "--allowedLatenessSec must be >= 0, got " + allowedLatenessSec);
    }
  }

  public long allowedLatenessMillis() {
    return allowedLatenessSec * 1000;
  }

  /** How long dedup remembers an id: the pipelines' own rule, with their default horizon. */
  public long dedupHorizonMillis() {
    EventTimeOptions options =
        OptionDefaults.of(
            EventTimeOptions.class, Map.of("allowedLatenessSec", allowedLatenessSec));
    return EventTimeOptions.dedupHorizon(options).getMillis();
  }
}
