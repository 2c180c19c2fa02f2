package dev.streamtemplates.pipelines.iot;

import dev.streamtemplates.io.source.ReadRecords;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.pipelines.runtime.PipelineRun;
import org.apache.beam.sdk.Pipeline;

/**
 * IoT sensor processing: read, parse, drop retransmissions, statistics, anomalies and silence,
 * write. See docs/iot.md.
 *
 * <pre>
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.streamtemplates.pipelines.iot.IotPipeline \
 *     -Dexec.args="--maxEvents=12000"
 * </pre>
 */
public final class IotPipeline {
  private IotPipeline() {}

  public static void main(String[] args) {
    PipelineRun.main(IotPipeline.class, args, IotOptions.class, IotPipeline::build, ComputeIot.NAME);
  }

  /** What this pipeline's synthetic source generates (also fed to Kafka by {@code make produce}). */
  public static EventGenerator generator() {
    return new ReadingGenerator();
  }

  /** The whole pipeline, not yet run: tests and other launchers run it their own way. */
  public static Pipeline build(IotOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Read", ReadRecords.from(options, generator()))
        .apply("Iot", ComputeIot.from(options))
        .writeTo(options);
    return pipeline;
  }
}
