package dev.streamtemplates.pipelines.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import java.util.Map;
import java.util.Properties;
import org.junit.Test;

/** The runtime properties Terraform gives a Managed Flink application become the command line. */
public class ManagedFlinkArgsTest {
  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  public void thePipelineGroupNamesThePipelineAndTheOptionsGroupItsOptions() {
    String[] args = ManagedFlinkArgs.from(Map.of(
        "Pipeline", props("name", "fraud"),
        "BeamPipelineOptions", props("source", "kafka", "runner", "FlinkRunner", "--inputTopic", "fraud-in")));
    assertThat(String.join(" ", args), is("fraud --inputTopic=fraud-in --runner=FlinkRunner --source=kafka"));
  }

  @Test
  public void withoutThePipelineGroupThereIsNothingToRunAndWithoutANameItSaysSo() {
    assertThat(ManagedFlinkArgs.from(Map.of()), is(nullValue()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ManagedFlinkArgs.from(Map.of("Pipeline", props())));
    assertThat(e.getMessage(), is("runtime property group Pipeline needs name = analytics|fraud|iot|recommendations"));
  }
}
