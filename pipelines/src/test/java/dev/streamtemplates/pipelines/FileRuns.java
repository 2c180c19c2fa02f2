package dev.streamtemplates.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamtemplates.testing.FixtureFiles;
import dev.streamtemplates.testing.JsonFields;
import dev.streamtemplates.transforms.metrics.PipelineCounters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.junit.rules.TemporaryFolder;

/**
 * A whole pipeline run on fixture files: input written in order (one file) or shuffled and
 * split (three files), {@code --source=file --sink=file}, on the runner the flags name.
 */
public final class FileRuns {
  /** Where the run wrote its outputs, and its counter summary line. */
  public static final class Outcome {
    public final Path out;
    public final String summary;

    Outcome(Path out, String summary) {
      this.out = out;
      this.summary = summary;
    }

    /** The output's lines, sorted. */
    public List<String> lines(String output) {
      return FixtureFiles.readAllLines(out.resolve(output));
    }

    /** Each bad payload was dead-lettered once, by this pipeline, with its error. */
    public void assertDeadLettered(String pipeline, List<String[]> bad) {
      List<String> deadLetters = lines("dead-letter");
      assertThat(deadLetters.size(), is(bad.size()));
      for (String[] payloadAndError : bad) {
        JsonNode letter = deadLetters.stream().map(JsonFields::parse)
            .filter(d -> d.get("payload").textValue().equals(payloadAndError[0])).findFirst()
            .orElseThrow(() -> new AssertionError("not dead-lettered: " + payloadAndError[0]));
        assertThat(letter.get("pipeline").textValue(), is(pipeline));
        assertThat(letter.get("error").textValue(), containsString(payloadAndError[1]));
      }
    }
  }

  private FileRuns() {}

  public static Outcome run(
      TemporaryFolder tmp,
      String pipelineName,
      List<String> input,
      boolean shuffled,
      String runnerFlags,
      Function<String[], Pipeline> build)
      throws Exception {
    Path in = tmp.newFolder().toPath();
    Path out = tmp.newFolder().toPath();
    if (shuffled) {
      FixtureFiles.writeShuffledAndSplit(in, input, 3, 11);
    } else {
      FixtureFiles.write(in, "input.jsonl", input);
    }
    List<String> args = new ArrayList<>(List.of(
        "--source=file", "--inputPath=" + in + "/*.jsonl", "--sink=file", "--outputPath=" + out));
    Collections.addAll(args, runnerFlags.split(" "));
    PipelineResult result = build.apply(args.toArray(new String[0])).run();
    assertThat(result.waitUntilFinish(), is(PipelineResult.State.DONE));
    String summary = PipelineCounters.summaryLine(
        pipelineName, PipelineCounters.query(result.metrics(), pipelineName));
    return new Outcome(out, summary);
  }

  public static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    Collections.sort(copy);
    return copy;
  }
}
