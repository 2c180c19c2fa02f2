package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.pipelines.fraud.CardRules;
import dev.streamtemplates.pipelines.fraud.ComputeFraud;
import dev.streamtemplates.pipelines.fraud.FraudOptions;
import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import dev.streamtemplates.pipelines.fraud.FraudRule;
import dev.streamtemplates.pipelines.fraud.Transaction;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The fraud pipeline's {@code VELOCITY} rule ({@code fraud --rules=VELOCITY}) written directly
 * against Flink's DataStream API, for the engine baseline: the same synthetic records, parse and
 * dead letters, the same dedup, each card's transactions in event-time order {@code (timestamp,
 * txnId)}, and the pipeline's own rule and alert line (its {@code CardRules}, default parameters).
 *
 * <pre>
 * synthetic lines → parse, event time, lateness check (chained to the source)
 *   → keyBy(bucket of txnId): drop duplicates
 *   → keyBy(cardId): in event-time order, VELOCITY
 * </pre>
 */
public final class NativeVelocity {
  public static final String OUTPUT = ComputeFraud.ALERTS;
  public static final String DEAD_LETTER = ComputeFraud.DEAD_LETTER;

  private NativeVelocity() {}

  /** Adds the job to {@code env}, reading with the environment's parallelism. */
  public static void build(StreamExecutionEnvironment env, SyntheticSpec spec, OutputSink sink) {
    EventGenerator generator = FraudPipeline.generator();
    int parallelism = env.getParallelism();
    // The pipeline's own option defaults: every rule parameter and the card horizon.
    FraudOptions options =
        OptionDefaults.of(
            FraudOptions.class,
            Map.of(
                "rules", FraudRule.VELOCITY.name(),
                "allowedLatenessSec", spec.allowedLatenessSec()));
    FraudOptions.validate(options);
    CardRules rules = CardRules.from(options);
    TypeInformation<Transaction> txnType =
        CoderTypeInfo.ofImmutable(Transaction.class, Transaction.Coder.of());

    ParseLines.Parsed<Transaction> parsed =
        ParseLines.generated(env, generator, spec, parallelism, ComputeFraud.NAME, Transaction::parse, txnType);
    DataStream<String> alerts =
        parsed
            .records()
            .keyBy(t -> DropDuplicates.bucketOf(t.txnId()), Types.INT)
            .process(new DropDuplicates<>(Transaction::txnId, spec.dedupHorizonMillis()), txnType)
            .name("DropDuplicateTxnIds")
            .keyBy(Transaction::cardId, Types.STRING)
            .process(
                new InEventTimeOrder<>(
                    rules,
                    Transaction.BY_TXN_ID,
                    rules.historyCount(),
                    rules.historyMillis(),
                    spec.allowedLatenessMillis(),
                    options.getCardInactivitySec() * 1000),
                Types.STRING)
            .name("CardRules");
    sink.attach(OUTPUT, alerts);
    sink.attach(DEAD_LETTER, parsed.deadLetters());
  }
}
