package dev.streamtemplates.pipelines.fraud;

import dev.streamtemplates.io.source.ReadRecords;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.pipelines.runtime.PipelineRun;
import org.apache.beam.sdk.Pipeline;

/**
 * Card-fraud detection: read, parse, evaluate each card's rules in event-time order, write. See
 * docs/fraud.md.
 *
 * <pre>
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.streamtemplates.pipelines.fraud.FraudPipeline \
 *     -Dexec.args="--maxEvents=12000"
 * </pre>
 */
public final class FraudPipeline {
  private FraudPipeline() {}

  public static void main(String[] args) {
    PipelineRun.main(FraudPipeline.class, args, FraudOptions.class, FraudPipeline::build, ComputeFraud.NAME);
  }

  /** What this pipeline's synthetic source generates (also fed to Kafka by {@code make produce}). */
  public static EventGenerator generator() {
    return new TransactionGenerator();
  }

  /** The whole pipeline, not yet run: tests and other launchers run it their own way. */
  public static Pipeline build(FraudOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Read", ReadRecords.from(options, generator()))
        .apply("Fraud", ComputeFraud.from(options))
        .writeTo(options);
    return pipeline;
  }
}
