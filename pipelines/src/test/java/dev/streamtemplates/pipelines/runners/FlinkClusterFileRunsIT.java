package dev.streamtemplates.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamtemplates.pipelines.FileRuns;
import dev.streamtemplates.testing.JsonFields;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Each pipeline, submitted to a real Flink cluster ({@link ClusterUnderTest}) with {@code
 * --source=file}, writes exactly what the Direct runner writes from the same files: every named
 * output line for line, and the same counters. The input is the pipeline's own synthetic traffic
 * ({@link SyntheticInput}, two records per second of event time: malformed, duplicate and
 * out-of-order ones included), shuffled and split over three files.
 */
@RunWith(Parameterized.class)
public class FlinkClusterFileRunsIT {
  @Parameterized.Parameters(name = "{0}")
  public static List<Object[]> pipelines() {
    return PipelineCatalog.parameters();
  }

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  /** A job that never ends (say, one restarting forever) must not hang the build. */
  @Rule public final Timeout timeout = Timeout.seconds(300);

  private final PipelineCatalog.Entry pipeline;
  private final String jobName = "file-run-it-" + System.nanoTime();

  public FlinkClusterFileRunsIT(PipelineCatalog.Entry pipeline) {
    this.pipeline = pipeline;
  }

  @Test
  public void clusterWritesExactlyWhatTheDirectRunnerWrites() throws Exception {
    List<String> input =
        SyntheticInput.lines(pipeline, records(), 2.0, 7, "2026-11-23T10:00:00Z");
    // The reference run: Direct's immutability and encodability checks run in every other test;
    // here they would only double the time.
    FileRuns.Outcome direct = run(input,
        "--runner=DirectRunner --enforceImmutability=false --enforceEncodability=false");
    FileRuns.Outcome cluster = run(input, "--runner=FlinkRunner --flinkMaster="
        + ClusterUnderTest.master() + " --parallelism=2 --filesToStage="
        + ClusterUnderTest.jobJar() + " --jobName=" + jobName);

    assertThat(cluster.summary, is(direct.summary));
    // Not a comparison of nothing: the main output and the dead letters have records.
    assertThat(direct.lines(pipeline.outputs.get(0)), not(empty()));
    assertThat(direct.lines("dead-letter"), not(empty()));
    for (String output : pipeline.outputs) {
      assertThat(output + " on the Flink cluster", comparable(cluster.lines(output)),
          is(comparable(direct.lines(output))));
    }
  }

  /**
   * Enough records for every output of a pipeline to have some, few enough for the Direct runner
   * (slow with many keys and windows): fraud's rules fire on planted card patterns that only
   * come with volume, and its Direct run is cheap.
   */
  private int records() {
    return pipeline.name.equals("fraud") ? 1500 : 300;
  }

  @After
  public void cancelTheJobIfItIsStillThere() {
    ClusterUnderTest.cancelActiveJob(jobName);
  }

  private FileRuns.Outcome run(List<String> input, String runnerFlags) throws Exception {
    return FileRuns.run(tmp, pipeline.name, input, true, runnerFlags,
        args -> pipeline.build(Arrays.asList(args)));
  }

  /** Sorted, without the one field that records processing time ({@code processedAt}). */
  private static List<String> comparable(List<String> lines) {
    return lines.stream()
        .map(line -> {
          ObjectNode record = (ObjectNode) JsonFields.parse(line);
          record.remove("processedAt");
          return record.toString();
        })
        .sorted()
        .collect(Collectors.toList());
  }
}
