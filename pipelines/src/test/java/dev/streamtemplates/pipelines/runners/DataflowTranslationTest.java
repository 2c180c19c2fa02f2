package dev.streamtemplates.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Every pipeline translates into a Dataflow job, offline (see {@link DataflowJobSpec}): its
 * options validate as Dataflow options, and the job the runner would submit is read back and
 * checked step by step, in batch form ({@code --source=file}), streaming form (the synthetic
 * source, with the streaming tuning profile) and runner v2's portable form.
 */
@RunWith(Parameterized.class)
public class DataflowTranslationTest {
  @Parameterized.Parameters(name = "{0}")
  public static List<Object[]> pipelines() {
    return PipelineCatalog.parameters();
  }

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final PipelineCatalog.Entry pipeline;

  public DataflowTranslationTest(PipelineCatalog.Entry pipeline) {
    this.pipeline = pipeline;
  }

  @Test
  public void optionsValidateAsDataflowOptions() throws Exception {
    List<String> args = new ArrayList<>(DataflowJobSpec.offlineFlags(tmp.newFolder().toPath()));
    args.addAll(RepositoryFiles.profile("streaming"));
    DataflowPipelineOptions options = PipelineOptionsFactory
        .fromArgs(args.toArray(new String[0])).withValidation().as(pipeline.options)
        .as(DataflowPipelineOptions.class);
    // Building the pipeline creates the runner, which validates every Dataflow option.
    pipeline.build(args);
    assertThat(options.getProject(), is("offline-project"));
    assertThat(options.getRegion(), is("europe-west1"));
    assertThat(options.isEnableStreamingEngine(), is(true));
  }

  @Test
  public void batchRunTranslatesIntoABatchJobOfThePipelinesSteps() throws Exception {
    Path input = tmp.newFolder().toPath().resolve("input.jsonl");
    Files.writeString(input, "{}\n", StandardCharsets.UTF_8);
    DataflowJobSpec job = DataflowJobSpec.translate(pipeline, tmp.newFolder().toPath(), List.of(
        "--source=file", "--inputPath=" + input, "--sink=file", "--outputPath=gs://bucket/out"));

    assertThat(job.type(), is("JOB_TYPE_BATCH"));
    JsonNode read = job.stepsOfKind("ParallelRead").get(0);
    assertThat(DataflowJobSpec.userName(read), startsWith("Read/ReadFiles"));
    assertThat(read.toString(), Matchers.containsString(input.toString()));
    assertPipelineShape(job);
    assertThat(job.experiments(), not(hasItem("enable_streaming_engine")));
    assertThat(job.pipelineOptions().path("source").asText(), is("file"));
    assertThat(job.pipelineOptions().path("outputPath").asText(), is("gs://bucket/out"));
  }

  @Test
  public void streamingRunTranslatesIntoAStreamingEngineJobTunedByTheProfile() throws Exception {
    List<String> flags = new ArrayList<>(List.of(
        "--source=synthetic", "--sink=file", "--outputPath=gs://bucket/out"));
    flags.addAll(RepositoryFiles.profile("streaming"));
    DataflowJobSpec job = DataflowJobSpec.translate(pipeline, tmp.newFolder().toPath(), flags);

    assertThat(job.type(), is("JOB_TYPE_STREAMING"));
    JsonNode read = job.stepsOfKind("ParallelRead").get(0);
    assertThat(DataflowJobSpec.userName(read), startsWith("Read/ReadSynthetic"));
    assertThat(read.path("properties").path("format").path("value").asText(),
        is("custom_source"));
    assertPipelineShape(job);
    // The profile's tuning reaches the job's environment; the pipeline code sets none of it.
    assertThat(job.experiments(), hasItem("enable_streaming_engine"));
    assertThat(job.workerPool().path("machineType").asText(), is("n2-standard-2"));
    assertThat(job.workerPool().path("autoscalingSettings").path("maxNumWorkers").asInt(), is(4));
    assertThat(job.pipelineOptions().path("streaming").asBoolean(), is(true));
  }

  @Test
  public void runnerV2JobCarriesThePortablePipeline() throws Exception {
    List<String> flags = new ArrayList<>(List.of("--source=synthetic", "--sink=file",
        "--outputPath=gs://bucket/out", "--experiments=use_runner_v2"));
    flags.addAll(RepositoryFiles.profile("streaming"));
    DataflowJobSpec job = DataflowJobSpec.translate(pipeline, tmp.newFolder().toPath(), flags);

    assertThat(job.type(), is("JOB_TYPE_STREAMING"));
    assertThat(job.experiments(), hasItems("use_runner_v2", "enable_streaming_engine"));
    RunnerApi.Pipeline proto = job.pipelineProto();
    Set<String> roots = proto.getRootTransformIdsList().stream()
        .map(id -> proto.getComponents().getTransformsOrThrow(id).getUniqueName())
        .collect(Collectors.toSet());
    Set<String> expected = new HashSet<>(List.of("Read", pipeline.composite));
    pipeline.outputs.forEach(output -> expected.add("Write " + output));
    assertThat(roots, is(expected));
    assertThat(proto.getComponents().getEnvironmentsMap().values().stream()
            .map(e -> e.getUrn()).collect(Collectors.toList()),
        everyItem(is("beam:env:docker:v1")));
  }

  /**
   * The job is this pipeline's wiring and nothing else: a read, the pipeline's own composite
   * with keyed steps of its own, and one write per named output.
   */
  private void assertPipelineShape(DataflowJobSpec job) {
    List<String> names = job.stepNames();
    List<Matcher<? super String>> parts = new ArrayList<>(List.of(
        startsWith("Read/"), startsWith(pipeline.composite + "/")));
    for (String output : pipeline.outputs) {
      parts.add(startsWith("Write " + output + "/"));
      assertThat("steps writing " + output, names.stream()
          .filter(n -> n.startsWith("Write " + output + "/")).collect(Collectors.toList()),
          not(empty()));
    }
    assertThat(names, everyItem(Matchers.anyOf(parts)));
    // Keyed work: a shuffle (batch) or a step on keyed state (streaming runs stateful DoFns as
    // such, without a separate GroupByKey step).
    assertThat("keyed steps inside " + pipeline.composite, job.steps.stream()
        .filter(s -> s.path("kind").asText().equals("GroupByKey")
            || s.path("properties").path("uses_keyed_state").path("value").asText()
                .equals("true"))
        .map(DataflowJobSpec::userName)
        .filter(n -> n.startsWith(pipeline.composite + "/"))
        .collect(Collectors.toList()), not(empty()));
  }
}
