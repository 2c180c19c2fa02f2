package dev.streamtemplates.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.streamtemplates.pipelines.fraud.FraudOptions;
import dev.streamtemplates.pipelines.fraud.FraudPipeline;
import dev.streamtemplates.pipelines.runtime.DataflowSubmission;
import dev.streamtemplates.pipelines.runtime.FlinkClusterDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a run gets that its flags did not say: a Flink cluster run its job jar and, when it
 * streams, checkpoints; a flex template launch the Dataflow runner. Explicit flags always win.
 */
public class FlinkClusterDefaultsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static Pipeline fraud(String... flags) {
    List<String> args = new ArrayList<>(List.of("--runner=FlinkRunner"));
    args.addAll(Arrays.asList(flags));
    return FraudPipeline.build(PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation().as(FraudOptions.class));
  }

  private static FlinkPipelineOptions flink(Pipeline pipeline) {
    return pipeline.getOptions().as(FlinkPipelineOptions.class);
  }

  @Test
  public void streamingRunOnAClusterCheckpointsAndStillEndsWhenItsSourceDoes() {
    Pipeline pipeline = fraud("--flinkMaster=localhost:8081", "--maxEvents=100",
        "--filesToStage=/jobs/job.jar");
    List<String> applied = FlinkClusterDefaults.apply(pipeline);
    assertThat(flink(pipeline).getCheckpointingInterval(), is(30_000L));
    assertThat(flink(pipeline).getShutdownSourcesAfterIdleMs(), is(5_000L));
    assertThat(flink(pipeline).getFilesToStage(), contains("/jobs/job.jar"));
    assertThat(applied.size(), is(1));
  }

  @Test
  public void explicitCheckpointSettingsWin() {
    Pipeline pipeline = fraud("--flinkMaster=localhost:8081", "--checkpointingInterval=2000",
        "--shutdownSourcesAfterIdleMs=100");
    FlinkClusterDefaults.apply(pipeline);
    assertThat(flink(pipeline).getCheckpointingInterval(), is(2000L));
    assertThat(flink(pipeline).getShutdownSourcesAfterIdleMs(), is(100L));
  }

  @Test
  public void boundedFileRunDoesNotCheckpoint() {
    Pipeline pipeline = fraud("--flinkMaster=localhost:8081", "--source=file",
        "--inputPath=/nowhere/*.jsonl", "--filesToStage=/jobs/job.jar");
    assertThat(FlinkClusterDefaults.apply(pipeline), empty());
    assertThat(flink(pipeline).getCheckpointingInterval(), is(-1L));
  }

  @Test
  public void embeddedFlinkIsLeftAlone() {
    Pipeline pipeline = fraud("--flinkMaster=[local]");
    assertThat(FlinkClusterDefaults.apply(pipeline), empty());
    assertThat(flink(pipeline).getCheckpointingInterval(), is(-1L));
    assertThat(flink(pipeline).getFilesToStage(), is(nullValue()));
  }

  @Test
  public void runFromTheBundledJarStagesTheJobJarBesideIt() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path bundled = Files.createFile(dir.resolve("pipelines-bundled-1.2.jar"));
    Path jobJar = Files.createFile(dir.resolve("pipelines-flink-job-1.2.jar"));
    Pipeline pipeline = fraud("--flinkMaster=localhost:8081", "--source=file",
        "--inputPath=/nowhere/*.jsonl");
    FlinkClusterDefaults.apply(pipeline, java.util.Optional.of(bundled));
    assertThat(flink(pipeline).getFilesToStage(), contains(jobJar.toString()));
  }

  @Test
  public void flexTemplateLaunchWithoutARunnerRunsOnDataflow() {
    Map<String, String> launcher = Map.of("FLEX_TEMPLATE_JAVA_MAIN_CLASS", "x.Main");
    assertThat(Arrays.asList(DataflowSubmission.withDataflowRunnerInFlexTemplate(
        new String[] {"--source=kafka"}, launcher)),
        contains("--runner=DataflowRunner", "--source=kafka"));
    assertThat(Arrays.asList(DataflowSubmission.withDataflowRunnerInFlexTemplate(
        new String[] {"--runner=DirectRunner"}, launcher)), contains("--runner=DirectRunner"));
    assertThat(Arrays.asList(DataflowSubmission.withDataflowRunnerInFlexTemplate(
        new String[] {"--source=kafka"}, Map.of())), contains("--source=kafka"));
  }
}
