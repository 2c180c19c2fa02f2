package dev.streamtemplates.io.gcp;

import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code --source=pubsub}: the messages of {@code --inputSubscription}, unbounded. Event time is
 * the payload's {@code timestamp} (the parser stamps each record with it); the watermark is
 * Pub/Sub's, from publish times, so a record whose event time is further behind its publish time
 * than the allowed lateness is dead-lettered as late. With {@code --pubsubIdAttribute}, messages
 * repeating an id (redeliveries, republished copies) are dropped by PubsubIO.
 */
public final class PubsubSource extends PTransform<PBegin, PCollection<String>> {
  private final GcpIoOptions options;

  private PubsubSource(GcpIoOptions options) {
    this.options = options;
  }

  public static PubsubSource from(GcpIoOptions options) {
    validate(options);
    return new PubsubSource(options);
  }

  /** Fails fast, naming the option, when the source cannot work. */
  public static void validate(GcpIoOptions options) {
    String subscription = options.getInputSubscription();
    if (subscription == null || !subscription.matches("projects/[^/]+/subscriptions/[^/]+")) {
      throw new IllegalArgumentException(
          "--source=pubsub needs --inputSubscription=projects/PROJECT/subscriptions/NAME; got " + subscription);
    }
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    PubsubIO.Read<String> read = PubsubIO.readStrings().fromSubscription(options.getInputSubscription());
    if (options.getPubsubIdAttribute() != null && !options.getPubsubIdAttribute().isBlank()) {
      read = read.withIdAttribute(options.getPubsubIdAttribute());
    }
    return begin.apply("ReadPubsub", read);
  }
}
