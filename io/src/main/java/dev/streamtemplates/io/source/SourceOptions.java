package dev.streamtemplates.io.source;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import dev.streamtemplates.io.gcp.GcpIoOptions;
import dev.streamtemplates.io.kafka.KafkaOptions;

/** Where records come from. Every pipeline accepts these (see CONTRACTS.md). */
public interface SourceOptions extends KafkaOptions, GcpIoOptions {
  /** The supported inputs. */
  enum Source {
    synthetic,
    file,
    kafka,
    pubsub
  }

  @Description(
      "Input: synthetic (generated, streaming), file (JSON lines, bounded), kafka (JSON values"
          + " of --inputTopic, streaming) or pubsub (messages of --inputSubscription, streaming).")
  @Default.Enum("synthetic")
  Source getSource();

  void setSource(Source value);

  @Description("Files of JSON lines for --source=file: a path or glob, e.g. data/*.jsonl.")
  String getInputPath();

  void setInputPath(String value);

  @Description("Synthetic source: events per second (event time advances at this rate).")
  @Default.Double(200)
  double getEventsPerSecond();

  void setEventsPerSecond(double value);

  @Description(
      "Synthetic source: stop after this many events (the run then ends); unset = run forever.")
  Long getMaxEvents();

  void setMaxEvents(Long value);

  @Description(
      "Synthetic source: generate as fast as the pipeline reads (a backlog replay, as benchmarks"
          + " run) instead of --eventsPerSecond of wall-clock time; event time still advances by"
          + " 1/--eventsPerSecond a record.")
  @Default.Boolean(false)
  boolean getReplay();

  void setReplay(boolean value);

  @Description("Synthetic source: seed; the same seed gives the same records.")
  @Default.Long(42)
  long getSeed();

  void setSeed(long value);

  @Description(
      "Synthetic source: event time of the first record, ISO-8601 UTC (e.g."
          + " 2026-11-23T10:00:00Z); default: now. Fix it to make timestamps repeatable too.")
  String getSyntheticStartTime();

  void setSyntheticStartTime(String value);
}
