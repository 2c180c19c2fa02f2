package dev.streamtemplates.io.source;

import dev.streamtemplates.io.gcp.PubsubSource;
import dev.streamtemplates.io.kafka.KafkaSource;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.SyntheticBlocks;
import dev.streamtemplates.io.synthetic.SyntheticSource;
import dev.streamtemplates.transforms.time.EventTimes;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the raw records (one JSON object per element) from the source the options name. File
 * input is bounded; synthetic input is unbounded (it ends when {@code --maxEvents} is reached);
 * Kafka input is unbounded.
 * What a synthetic record looks like is the pipeline's business: it passes its generator.
 */
public final class ReadRecords extends PTransform<PBegin, PCollection<String>> {
  private final SourceOptions options;
  private final EventGenerator generator;

  private ReadRecords(SourceOptions options, EventGenerator generator) {
    this.options = options;
    this.generator = generator;
  }

  public static ReadRecords from(SourceOptions options, EventGenerator generator) {
    validate(options);
    return new ReadRecords(options, generator);
  }

  /** Fails fast, naming the option, when the source options cannot work. */
  public static void validate(SourceOptions options) {
    switch (options.getSource()) {
      case file:
        if (options.getInputPath() == null || options.getInputPath().isBlank()) {
          throw new IllegalArgumentException(
              "--source=file needs --inputPath=GLOB (files of JSON lines, e.g. data/*.jsonl)");
        }
        break;
      case synthetic:
        if (!(options.getEventsPerSecond() > 0)) {
          throw new IllegalArgumentException(
              "--eventsPerSecond must be > 0, got " + options.getEventsPerSecond());
        }
        if (options.getMaxEvents() != null && options.getMaxEvents() < 0) {
          throw new IllegalArgumentException(
              "--maxEvents must be >= 0, got " + options.getMaxEvents());
        }
        if (options.getSyntheticStartTime() != null) {
          try {
            EventTimes.parse(options.getSyntheticStartTime());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--syntheticStartTime " + e.getMessage(), e);
          }
        }
        break;
      case kafka:
        KafkaSource.validate(options);
        break;
      case pubsub:
        PubsubSource.validate(options);
        break;
      default:
        throw new IllegalArgumentException("unsupported --source=" + options.getSource());
    }
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    switch (options.getSource()) {
      case file:
        return begin.apply("ReadFiles", TextIO.read().from(options.getInputPath()));
      case synthetic:
        long start =
            options.getSyntheticStartTime() == null
                ? System.currentTimeMillis()
                : EventTimes.parse(options.getSyntheticStartTime());
        long max = options.getMaxEvents() == null ? -1 : options.getMaxEvents();
        SyntheticSource source =
            new SyntheticSource(
                generator, options.getEventsPerSecond(), max, options.getSeed(), start);
        return begin.apply(
            "ReadSynthetic", SyntheticBlocks.of(options.getReplay() ? source.replaying() : source));
      case kafka:
        return begin.apply("ReadKafka", KafkaSource.from(options));
      case pubsub:
        return begin.apply("ReadPubsub", PubsubSource.from(options));
      default:
        throw new IllegalArgumentException("unsupported --source=" + options.getSource());
    }
  }
}
