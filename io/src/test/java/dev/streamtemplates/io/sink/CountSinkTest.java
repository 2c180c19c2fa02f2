package dev.streamtemplates.io.sink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

/** {@code --sink=count}: each output's records are counted under its own name, nothing else. */
public class CountSinkTest {
  @Test
  public void countsEachOutputsRecordsSeparately() {
    SinkOptions options = PipelineOptionsFactory.fromArgs("--sink=count").as(SinkOptions.class);
    Pipeline p = Pipeline.create(options);
    KvCoder<String, String> coder = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    p.apply("Alerts", Create.of(KV.of("c1", "{}"), KV.of("c2", "{}"), KV.of("c1", "{}")).withCoder(coder))
        .apply(WriteOutput.named("fraud", "alerts", options));
    p.apply("DeadLetters", Create.of(KV.of("fraud", "{}")).withCoder(coder))
        .apply(WriteOutput.named("fraud", "dead-letter", options));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(count(result, "alerts"), is(3L));
    assertThat(count(result, "dead-letter"), is(1L));
  }

  private static long count(PipelineResult result, String output) {
    long total = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(WriteOutput.COUNT_NAMESPACE, output)).build())
        .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }
}
