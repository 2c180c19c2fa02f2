package dev.streamtemplates.io.kafka;

import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.joda.time.Duration;

/**
 * {@code --source=kafka}: the JSON values of {@code --inputTopic}, unbounded, stamped with their
 * event time ({@link JsonEventTimePolicy}). Offsets are committed to the consumer group when the
 * runner finalizes a checkpoint, that is once what was read is durable in the pipeline; a
 * restarted job resumes from there. Keys are ignored; an empty (tombstone) value becomes an empty
 * record, which the parser dead-letters.
 */
public final class KafkaSource extends PTransform<PBegin, PCollection<String>> {
  private final KafkaOptions options;

  private KafkaSource(KafkaOptions options) {
    this.options = options;
  }

  public static KafkaSource from(KafkaOptions options) {
    validate(options);
    return new KafkaSource(options);
  }

  /** Fails fast, naming the option, when the source cannot work. */
  public static void validate(KafkaOptions options) {
    KafkaConfigs.requireServers(options, "--source=kafka");
    if (KafkaConfigs.blank(options.getInputTopic())) {
      throw new IllegalArgumentException("--source=kafka needs --inputTopic=TOPIC");
    }
    if (options.getMaxOutOfOrdernessSec() < 0) {
      throw new IllegalArgumentException(
          "--maxOutOfOrdernessSec must be >= 0, got " + options.getMaxOutOfOrdernessSec());
    }
    KafkaConfigs.parse("--kafkaConsumerConfig", options.getKafkaConsumerConfig());
  }

  /** The consumer group: the option, or one named after the input topic. */
  static String groupId(KafkaOptions options) {
    return KafkaConfigs.blank(options.getKafkaGroupId())
        ? "streamtemplates-" + options.getInputTopic()
        : options.getKafkaGroupId();
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    Map<String, Object> consumer = KafkaConfigs.parse("--kafkaConsumerConfig", options.getKafkaConsumerConfig());
    consumer.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, groupId(options));
    consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.getStartOffset().name());
    Duration maxOutOfOrderness = Duration.standardSeconds(options.getMaxOutOfOrdernessSec());
    return begin
        .apply(
            "ReadKafka",
            KafkaIO.<byte[], String>read()
                .withBootstrapServers(options.getKafkaBootstrapServers())
                .withTopic(options.getInputTopic())
                .withKeyDeserializerAndCoder(ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()))
                .withValueDeserializerAndCoder(StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
                .withConsumerConfigUpdates(consumer)
                .withTimestampPolicyFactory(
                    (partition, previous) -> new JsonEventTimePolicy<>(maxOutOfOrderness, previous))
                .commitOffsetsInFinalize()
                .withoutMetadata())
        .apply(
            "Values",
            MapElements.into(TypeDescriptors.strings())
                .via(kv -> kv.getValue() == null ? "" : kv.getValue()));
  }
}
