package dev.streamtemplates.io.gcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * {@code --sink=pubsub}: one named output to the topic {@code <outputTopic>-<output>} (dead
 * letters to {@code --deadLetterTopic} when set), {@code --outputTopic} being a full prefix such
 * as {@code projects/P/topics/fraud-out}. The record's key (card, device, user, window) travels in
 * the {@code key} attribute. At least once: a consumer dedups by the record's own id or key.
 */
public final class PubsubSink extends PTransform<PCollection<KV<String, String>>, PDone> {
  /** The message attribute carrying the output's key. */
  public static final String KEY_ATTRIBUTE = "key";

  private final GcpIoOptions options;
  private final String topic;

  private PubsubSink(GcpIoOptions options, String topic) {
    this.options = options;
    this.topic = topic;
  }

  /** {@code topic}: the resolved topic path of this output. */
  public static PubsubSink to(GcpIoOptions options, String topic) {
    if (topic == null || !topic.matches("projects/[^/]+/topics/[^/]+")) {
      throw new IllegalArgumentException(
          "--sink=pubsub needs --outputTopic=projects/PROJECT/topics/PREFIX (each output goes to"
              + " PREFIX-<output>); got " + topic);
    }
    return new PubsubSink(options, topic);
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> records) {
    PubsubIO.Write<PubsubMessage> write = PubsubIO.writeMessages().to(topic);
    if (options.getPubsubClientFactory() != null) {
      write = write.withClientFactory(options.getPubsubClientFactory());
    }
    return records
        .apply(
            "ToMessages",
            MapElements.into(TypeDescriptor.of(PubsubMessage.class))
                .via(kv -> new PubsubMessage(
                    kv.getValue().getBytes(StandardCharsets.UTF_8), Map.of(KEY_ATTRIBUTE, kv.getKey()))))
        .setCoder(PubsubMessageWithAttributesCoder.of())
        .apply("WritePubsub", write);
  }
}
