package dev.streamtemplates.pipelines.fraud;

import dev.streamtemplates.io.sink.NamedOutputs;
import dev.streamtemplates.transforms.dedup.DeduplicateById;
import dev.streamtemplates.transforms.order.OrderByEventTime;
import dev.streamtemplates.transforms.parse.ParseJson;
import dev.streamtemplates.transforms.parse.ParsedRecords;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The fraud contract: raw JSON lines in; {@code alerts} and {@code dead-letter} out, each as
 * {@code (cardId or pipeline, json line)}.
 *
 * <p>Parse (dead-lettering bad and too-late input) → drop duplicate {@code txnId}s → each card's
 * transactions in event-time order → the enabled rules, each transaction against its own past.
 */
public final class ComputeFraud extends PTransform<PCollection<String>, NamedOutputs> {
  public static final String NAME = "fraud";
  public static final String ALERTS = "alerts";
  public static final String DEAD_LETTER = "dead-letter";

  private final CardRules rules;
  private final Duration allowedLateness;
  private final Duration dedupHorizon;
  private final Duration cardInactivity;

  private ComputeFraud(
      CardRules rules, Duration allowedLateness, Duration dedupHorizon, Duration cardInactivity) {
    this.rules = rules;
    this.allowedLateness = allowedLateness;
    this.dedupHorizon = dedupHorizon;
    this.cardInactivity = cardInactivity;
  }

  public static ComputeFraud from(FraudOptions options) {
    FraudOptions.validate(options);
    return new ComputeFraud(
        CardRules.from(options),
        Duration.standardSeconds(options.getAllowedLatenessSec()),
        EventTimeOptions.dedupHorizon(options),
        Duration.standardSeconds(options.getCardInactivitySec()));
  }

  @Override
  public NamedOutputs expand(PCollection<String> lines) {
    ParsedRecords<Transaction> parsed =
        lines.apply(
            "ParseTransactions",
            ParseJson.of(NAME, Transaction::parse, Transaction.Coder.of())
                .withAllowedLateness(allowedLateness));
    PCollection<KV<String, String>> alerts =
        parsed
            .records()
            .apply(
                "DropDuplicateTxnIds",
                DeduplicateById.of(NAME, Transaction::txnId).rememberingIdsFor(dedupHorizon))
            .apply(
                "KeyByCard",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(Transaction.class)))
                    .via(t -> KV.of(t.cardId(), t)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Transaction.Coder.of()))
            .apply(
                "CardRules",
                OrderByEventTime.of(
                        NAME,
                        rules,
                        KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()),
                        Transaction.BY_TXN_ID)
                    .keeping(rules.historyCount(), Duration.millis(rules.historyMillis()))
                    .withAllowedLateness(allowedLateness)
                    .forgettingKeysAfter(cardInactivity));

    return NamedOutputs.of(NAME, lines.getPipeline())
        .and(ALERTS, alerts)
        .and(DEAD_LETTER, parsed.deadLetterLines());
  }
}
