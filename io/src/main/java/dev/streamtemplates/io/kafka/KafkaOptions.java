package dev.streamtemplates.io.kafka;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Kafka as a source ({@code --source=kafka}) and as a sink ({@code --sink=kafka}). */
public interface KafkaOptions extends PipelineOptions {
  /** Where a new consumer group starts reading; a group with committed offsets resumes there. */
  enum StartOffset {
    earliest,
    latest
  }

  @Description("Kafka: bootstrap servers, host:port[,host:port...].")
  String getKafkaBootstrapServers();

  void setKafkaBootstrapServers(String value);

  @Description("--source=kafka: the topic to read JSON records from.")
  String getInputTopic();

  void setInputTopic(String value);

  @Description(
      "--sink=kafka: topic prefix; each named output goes to <outputTopic>-<output>, e.g."
          + " fraud-out-alerts.")
  String getOutputTopic();

  void setOutputTopic(String value);

  @Description("--sink=kafka: the dead-letter topic; default <outputTopic>-dead-letter.")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description(
      "--source=kafka: where a consumer group without committed offsets starts: earliest or"
          + " latest.")
  @Default.Enum("latest")
  StartOffset getStartOffset();

  void setStartOffset(StartOffset value);

  @Description(
      "--source=kafka: consumer group id; offsets are committed to it once results are durable."
          + " Default: streamtemplates-<inputTopic>.")
  String getKafkaGroupId();

  void setKafkaGroupId(String value);

  @Description(
      "--source=kafka: how far (seconds) records may arrive out of event-time order within a"
          + " partition; the watermark trails the newest event time by this much.")
  @Default.Long(30)
  long getMaxOutOfOrdernessSec();

  void setMaxOutOfOrdernessSec(long value);

  @Description(
      "Extra Kafka consumer settings, key=value; repeat the flag for each (e.g."
          + " --kafkaConsumerConfig=security.protocol=SASL_SSL). Values cannot contain commas.")
  List<String> getKafkaConsumerConfig();

  void setKafkaConsumerConfig(List<String> value);

  @Description("Extra Kafka producer settings, key=value; repeat the flag for each.")
  List<String> getKafkaProducerConfig();

  void setKafkaProducerConfig(List<String> value);

  @Description(
      "--sink=kafka: write with Kafka transactions (exactly once). Needs a runner with stable"
          + " input and checkpoints: Flink with --checkpointingInterval; results then appear at"
          + " each checkpoint.")
  @Default.Boolean(false)
  boolean getExactlyOnce();

  void setExactlyOnce(boolean value);
}
