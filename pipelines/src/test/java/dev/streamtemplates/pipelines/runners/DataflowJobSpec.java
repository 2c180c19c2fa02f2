package dev.streamtemplates.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.sdk.PipelineResult;

/**
 * A pipeline translated by the Dataflow runner into the job it would submit, with no network and
 * no credentials: {@code --templateLocation} makes the runner write the job specification to a
 * local file instead of sending it (as a flex template launcher does), local folders stand in for
 * the Cloud Storage staging and temp locations, a no-op credential factory and path validator
 * replace Google's, and the endpoint is a closed local port, so any call to the service fails.
 */
final class DataflowJobSpec {
  private static final ObjectMapper JSON = new ObjectMapper();

  final JsonNode job;
  /** The job's steps: inline, or in the staged graph file when the graph is large. */
  final List<JsonNode> steps;
  private final Path dir;

  private DataflowJobSpec(JsonNode job, List<JsonNode> steps, Path dir) {
    this.job = job;
    this.steps = steps;
    this.dir = dir;
  }

  /** The flags that keep the Dataflow runner offline, writing into {@code dir}. */
  static List<String> offlineFlags(Path dir) {
    Path jar = dir.resolve("job.jar");
    try {
      if (!Files.exists(jar)) {
        // The runner stages (copies and hashes) every file to stage; a stand-in keeps that fast.
        new JarOutputStream(Files.newOutputStream(jar)).close();
      }
      Files.createDirectories(dir.resolve("temp"));
      Files.createDirectories(dir.resolve("staging"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(
        "--runner=DataflowRunner",
        "--project=offline-project",
        "--region=europe-west1",
        "--templateLocation=" + dir.resolve("job.json"),
        "--tempLocation=" + dir.resolve("temp"),
        // Set, so that the runner does not try to find or create a bucket for it.
        "--gcpTempLocation=" + dir.resolve("temp"),
        "--stagingLocation=" + dir.resolve("staging"),
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--dataflowEndpoint=http://127.0.0.1:9/",
        "--filesToStage=" + jar);
  }

  /** Builds the pipeline with {@code flags} plus the offline ones and translates it. */
  static DataflowJobSpec translate(PipelineCatalog.Entry pipeline, Path dir, List<String> flags) {
    List<String> args = new ArrayList<>(offlineFlags(dir));
    args.addAll(flags);
    PipelineResult result = pipeline.build(args).run();
    // A template job: never ask it for its state (it would call the service).
    assertThat(result, instanceOf(DataflowTemplateJob.class));
    try {
      JsonNode job = JSON.readTree(dir.resolve("job.json").toFile());
      List<JsonNode> steps = new ArrayList<>();
      JsonNode inline = job.path("steps");
      if (job.hasNonNull("stepsLocation")) {
        JSON.readTree(Path.of(job.get("stepsLocation").asText()).toFile()).path("steps")
            .forEach(steps::add);
      } else {
        inline.forEach(steps::add);
      }
      return new DataflowJobSpec(job, steps, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JOB_TYPE_BATCH or JOB_TYPE_STREAMING. */
  String type() {
    return job.path("type").asText();
  }

  static String userName(JsonNode step) {
    JsonNode name = step.path("properties").path("user_name");
    return name.isObject() ? name.path("value").asText() : name.asText();
  }

  List<String> stepNames() {
    return steps.stream().map(DataflowJobSpec::userName).collect(Collectors.toList());
  }

  List<JsonNode> stepsOfKind(String kind) {
    return steps.stream().filter(s -> s.path("kind").asText().equals(kind))
        .collect(Collectors.toList());
  }

  List<String> experiments() {
    List<String> experiments = new ArrayList<>();
    job.path("environment").path("experiments").forEach(e -> experiments.add(e.asText()));
    return experiments;
  }

  JsonNode workerPool() {
    return job.path("environment").path("workerPools").path(0);
  }

  /** The pipeline options as the workers will receive them. */
  JsonNode pipelineOptions() {
    return job.path("environment").path("sdkPipelineOptions").path("options");
  }

  /** The portable pipeline the runner staged (runner v2 runs from it alone). */
  RunnerApi.Pipeline pipelineProto() {
    try {
      return RunnerApi.Pipeline.parseFrom(
          Files.readAllBytes(Path.of(pipelineOptions().path("pipelineUrl").asText())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }
}
