package dev.streamtemplates.pipelines.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;

/**
 * Flink runner settings every run of these pipelines can take, set unless the command line sets
 * them itself (embedded and cluster runs alike):
 *
 * <ul>
 *   <li>{@code --objectReuse=true} and {@code --fasterCopy=true}: Flink hands a record to the next
 *       chained operator without copying it. That is safe because Beam forbids a DoFn to change
 *       its input or an output it has emitted, and every pipeline here is tested on the Direct
 *       runner, which enforces exactly that (its immutability checks are on in the tests).
 * </ul>
 *
 * What they bought is measured in docs/BENCHMARKS.md. Pass {@code --objectReuse=false
 * --fasterCopy=false} to turn them off, e.g. for a DoFn of your own that keeps its input.
 */
public final class FlinkTuning {
  private FlinkTuning() {}

  /** Sets the defaults on a Flink run; one line per default applied, for the user to see. */
  public static List<String> apply(Pipeline pipeline, String[] args) {
    List<String> applied = new ArrayList<>();
    if (pipeline.getOptions().getRunner() != FlinkRunner.class) {
      return applied;
    }
    FlinkPipelineOptions flink = pipeline.getOptions().as(FlinkPipelineOptions.class);
    if (!mentions(args, "objectReuse")) {
      flink.setObjectReuse(true);
      applied.add("--objectReuse=true (records pass between chained operators uncopied)");
    }
    if (!mentions(args, "fasterCopy")) {
      flink.setFasterCopy(true);
      applied.add("--fasterCopy=true");
    }
    return applied;
  }

  private static boolean mentions(String[] args, String option) {
    return Arrays.stream(args)
        .anyMatch(a -> a.equals("--" + option) || a.startsWith("--" + option + "="));
  }
}
