package dev.streamtemplates.io.sink;

import dev.streamtemplates.io.gcp.BigQuerySink;
import dev.streamtemplates.io.gcp.PubsubSink;
import dev.streamtemplates.io.kafka.KafkaSink;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Writes one named output ({@code window-stats}, {@code dead-letter}, ...) of {@code (key, json)}
 * records to the sink the options name. The key is what a keyed sink partitions by (user, card,
 * device, window); sinks without keys ignore it.
 *
 * <ul>
 *   <li>{@code log}: one line per record on stdout, {@code [name] json} (rate-capped, for
 *       watching a run; use {@code file} to keep everything).
 *   <li>{@code file}: files of JSON lines under {@code outputPath/name/}. Unbounded outputs are
 *       written in processing-time batches (every {@link #FILE_FLUSH}), each a new file.
 *   <li>{@code kafka}: the topic {@code <outputTopic>-<name>}, keyed ({@link KafkaSink}).
 *   <li>{@code count}: nothing is written; the Beam counter {@code sink/<name>} counts the
 *       records (benchmarks measure the computation without an external system).
 * </ul>
 */
public final class WriteOutput extends PTransform<PCollection<KV<String, String>>, PDone> {
  /** How often a streaming file sink closes a batch of files. */
  public static final Duration FILE_FLUSH = Duration.standardSeconds(10);

  /** The counters' namespace of the {@code count} sink: {@code sink/<output name>}. */
  public static final String COUNT_NAMESPACE = "sink";

  private final SinkOptions options;
  private final String pipeline;
  private final String name;

  private WriteOutput(SinkOptions options, String pipeline, String name) {
    this.options = options;
    this.pipeline = pipeline;
    this.name = name;
  }

  /** {@code pipeline}: whose output this is (BigQuery finds the table's schema by it). */
  public static WriteOutput named(String pipeline, String name, SinkOptions options) {
    validate(options);
    if (options.getSink() == SinkOptions.Sink.bigquery) {
      BigQuerySink.checkSchema(pipeline, name);
    }
    return new WriteOutput(options, pipeline, name);
  }

  /** Fails fast, naming the option, when the sink options cannot work. */
  public static void validate(SinkOptions options) {
    if (options.getSink() == SinkOptions.Sink.kafka) {
      KafkaSink.validate(options);
    }
    if (options.getSink() == SinkOptions.Sink.pubsub) {
      PubsubSink.to(options, KafkaSink.topicFor(options, "x")); // checks the prefix
    }
    if (options.getSink() == SinkOptions.Sink.bigquery) {
      BigQuerySink.validate(options);
    }
    if (options.getSink() == SinkOptions.Sink.file
        && (options.getOutputPath() == null || options.getOutputPath().isBlank())) {
      throw new IllegalArgumentException("--sink=file needs --outputPath=DIR");
    }
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> records) {
    switch (options.getSink()) {
      case log:
        records.apply("Print " + name, ParDo.of(new PrintFn(name)));
        return PDone.in(records.getPipeline());
      case count:
        records.apply("Count " + name, ParDo.of(new CountFn(name)));
        return PDone.in(records.getPipeline());
      case file:
        PCollection<String> lines =
            records.apply("Json " + name, Values.create());
        String prefix = stripSlash(options.getOutputPath()) + "/" + name + "/part";
        TextIO.Write write = TextIO.write().to(prefix).withSuffix(".jsonl");
        if (records.isBounded() == PCollection.IsBounded.UNBOUNDED) {
          lines =
              lines.apply(
                  "Batch " + name,
                  Window.<String>into(new GlobalWindows())
                      .triggering(
                          Repeatedly.forever(
                              AfterProcessingTime.pastFirstElementInPane().plusDelayOf(FILE_FLUSH)))
                      .withAllowedLateness(Duration.ZERO)
                      .discardingFiredPanes());
          write = write.withWindowedWrites().withNumShards(1);
        }
        return lines.apply("Write " + name, write);
      case kafka:
        return records.apply("Kafka " + name, KafkaSink.of(options, name));
      case pubsub:
        return records.apply("Pubsub " + name, PubsubSink.to(options, KafkaSink.topicFor(options, name)));
      case bigquery:
        return records.apply("BigQuery " + name, BigQuerySink.of(options, pipeline, name));
      default:
        throw new IllegalArgumentException("unsupported --sink=" + options.getSink());
    }
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * Prints records, at most {@link #LOG_LINES_PER_INTERVAL} per output every 10 s per worker, so
   * that a busy output (one session per user) does not bury the others; what is skipped is
   * counted on the next line printed and in the {@code sink/logLinesSkipped} counter.
   */
  /** The {@code count} sink: one counter per output, nothing written. */
  static final class CountFn extends DoFn<KV<String, String>, Void> {
    private final Counter written;

    CountFn(String name) {
      this.written = Metrics.counter(COUNT_NAMESPACE, name);
    }

    @ProcessElement
    public void process() {
      written.inc();
    }
  }

  static final class PrintFn extends DoFn<KV<String, String>, Void> {
    static final int LOG_LINES_PER_INTERVAL = 25;
    private static final long INTERVAL_MILLIS = 10_000;

    private final String name;
    private final Counter skippedCounter = Metrics.counter("sink", "logLinesSkipped");
    private transient long intervalStart;
    private transient int printed;
    private transient long skipped;

    PrintFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element KV<String, String> record) {
      long now = System.currentTimeMillis();
      if (now - intervalStart >= INTERVAL_MILLIS) {
        if (skipped > 0) {
          System.out.println(
              "[" + name + "] (" + skipped + " more records in the last 10 s not shown;"
                  + " --sink=file keeps them all)");
        }
        intervalStart = now;
        printed = 0;
        skipped = 0;
      }
      if (printed < LOG_LINES_PER_INTERVAL) {
        printed++;
        System.out.println("[" + name + "] " + record.getValue());
      } else {
        skipped++;
        skippedCounter.inc();
      }
    }
  }
}
