package dev.streamtemplates.pipelines.runners;

import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline's own synthetic records as lines for a file fixture: the records {@code
 * --source=synthetic} makes with the same seed, rate and start (bad records, duplicates, disorder
 * and late arrivals included), without waiting for the source's pacing.
 */
final class SyntheticInput {
  private SyntheticInput() {}

  static List<String> lines(PipelineCatalog.Entry pipeline, int count, double eventsPerSecond,
      long seed, String startTime) {
    EventGenerator generator = pipeline.generator.get();
    // The source is also the stream its generator reads event times and randomness from.
    SyntheticSource stream = new SyntheticSource(generator, eventsPerSecond, count, seed,
        Instant.parse(startTime).toEpochMilli());
    List<String> lines = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      lines.add(generator.generate(i, stream).payload());
    }
    return lines;
  }
}
