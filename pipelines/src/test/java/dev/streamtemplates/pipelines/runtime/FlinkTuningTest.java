package dev.streamtemplates.pipelines.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class FlinkTuningTest {
  private static Pipeline pipeline(String... args) {
    return Pipeline.create(PipelineOptionsFactory.fromArgs(args).as(FlinkPipelineOptions.class));
  }

  @Test
  public void aFlinkRunPassesRecordsUncopiedUnlessTheCommandLineSaysOtherwise() {
    String[] args = {"--runner=FlinkRunner"};
    Pipeline p = pipeline(args);
    assertThat(FlinkTuning.apply(p, args), hasSize(2));
    FlinkPipelineOptions flink = p.getOptions().as(FlinkPipelineOptions.class);
    assertThat(flink.getObjectReuse(), is(true));
    assertThat(flink.getFasterCopy(), is(true));

    String[] off = {"--runner=FlinkRunner", "--objectReuse=false", "--fasterCopy=false"};
    Pipeline q = pipeline(off);
    assertThat(FlinkTuning.apply(q, off), is(empty()));
    assertThat(q.getOptions().as(FlinkPipelineOptions.class).getObjectReuse(), is(false));
    assertThat(q.getOptions().as(FlinkPipelineOptions.class).getFasterCopy(), is(false));
  }

  @Test
  public void otherRunnersAreLeftAlone() {
    String[] args = {"--runner=DirectRunner"};
    Pipeline p = pipeline(args);
    assertThat(FlinkTuning.apply(p, args), is(empty()));
    assertThat(p.getOptions().as(FlinkPipelineOptions.class).getObjectReuse(), is(false));
  }
}
