package dev.streamtemplates.io.kafka;

import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code --sink=kafka}: one named output to its topic ({@link #topicFor}), keyed by the output's
 * key (card, device, user, window) so that one key's records stay in order in one partition.
 *
 * <p>At least once by default: after a failure, records since the last checkpoint may be written
 * again (every record carries its own id or window, so consumers can upsert). With {@code
 * --exactlyOnce}, writes go through Kafka transactions committed at checkpoints; consumers must
 * read with {@code isolation.level=read_committed}, and see results only after each checkpoint.
 */
public final class KafkaSink extends PTransform<PCollection<KV<String, String>>, PDone> {
  /** The output every pipeline names its bad records by. */
  public static final String DEAD_LETTER = "dead-letter";

  private final KafkaOptions options;
  private final String output;

  private KafkaSink(KafkaOptions options, String output) {
    this.options = options;
    this.output = output;
  }

  public static KafkaSink of(KafkaOptions options, String output) {
    validate(options);
    return new KafkaSink(options, output);
  }

  /** Fails fast, naming the option, when the sink cannot work. */
  public static void validate(KafkaOptions options) {
    KafkaConfigs.requireServers(options, "--sink=kafka");
    if (KafkaConfigs.blank(options.getOutputTopic())) {
      throw new IllegalArgumentException(
          "--sink=kafka needs --outputTopic=PREFIX (each output goes to PREFIX-<output>)");
    }
    KafkaConfigs.parse("--kafkaProducerConfig", options.getKafkaProducerConfig());
  }

  /** {@code <outputTopic>-<output>}; dead letters to {@code --deadLetterTopic} when it is set. */
  public static String topicFor(KafkaOptions options, String output) {
    if (output.equals(DEAD_LETTER) && !KafkaConfigs.blank(options.getDeadLetterTopic())) {
      return options.getDeadLetterTopic();
    }
    return options.getOutputTopic() + "-" + output;
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> records) {
    Map<String, Object> producer = KafkaConfigs.parse("--kafkaProducerConfig", options.getKafkaProducerConfig());
    // Dead letters carry the original payload, up to the contract's 1 MiB plus the envelope.
    producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    KafkaIO.Write<String, String> write =
        KafkaIO.<String, String>write()
            .withBootstrapServers(options.getKafkaBootstrapServers())
            .withTopic(topicFor(options, output))
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(producer);
    if (options.getExactlyOnce()) {
      write = write.withEOS(1, "streamtemplates-" + topicFor(options, output));
    }
    return records.apply("WriteKafka", write);
  }
}
