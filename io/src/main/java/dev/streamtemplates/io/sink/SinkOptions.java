package dev.streamtemplates.io.sink;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import dev.streamtemplates.io.gcp.GcpIoOptions;
import dev.streamtemplates.io.kafka.KafkaOptions;

/** Where results go. Every pipeline accepts these (see CONTRACTS.md). */
public interface SinkOptions extends KafkaOptions, GcpIoOptions {
  /** The supported outputs. */
  enum Sink {
    log,
    file,
    kafka,
    pubsub,
    bigquery,
    count
  }

  @Description(
      "Output: log (one line per record on stdout), file (JSON lines per output), kafka or"
          + " pubsub (one topic per output, <outputTopic>-<output>) or bigquery (one table per"
          + " output in --bigQueryDataset) or count (writes nothing; counts each output's records"
          + " in the Beam counters sink/<output>: for benchmarks).")
  @Default.Enum("log")
  Sink getSink();

  void setSink(Sink value);

  @Description(
      "For --sink=file: a folder; each named output is written to its own subfolder"
          + " (DIR/window-stats/, DIR/dead-letter/, ...) as files of JSON lines.")
  String getOutputPath();

  void setOutputPath(String value);
}
