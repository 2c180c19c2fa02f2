package dev.streamtemplates.pipelines.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.runners.dataflow.util.MonitoringUtil;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A run on Dataflow ends, on this side, as soon as the job is submitted: this process never waits
 * for it. Dataflow's flex template launcher requires exactly that (a launcher that waits times
 * out), and a streaming job runs until it is drained or cancelled anyway.
 */
public final class DataflowSubmission {
  /** Set in the image of every flex template (see templates/&lt;pipeline&gt;/Dockerfile). */
  static final String FLEX_TEMPLATE_ENV = "FLEX_TEMPLATE_JAVA_MAIN_CLASS";

  private DataflowSubmission() {}

  public static boolean isDataflow(PipelineOptions options) {
    return DataflowRunner.class.isAssignableFrom(options.getRunner());
  }

  /**
   * Inside a flex template launcher, arguments that name no runner get {@code
   * --runner=DataflowRunner}: the Direct runner (the default) would run the whole pipeline on the
   * launcher VM instead of starting a job.
   */
  public static String[] withDataflowRunnerInFlexTemplate(String[] args, Map<String, String> env) {
    boolean namesRunner = Arrays.stream(args).anyMatch(a -> a.startsWith("--runner="));
    if (namesRunner || !env.containsKey(FLEX_TEMPLATE_ENV)) {
      return args;
    }
    List<String> withRunner = new ArrayList<>(List.of("--runner=DataflowRunner"));
    withRunner.addAll(Arrays.asList(args));
    return withRunner.toArray(new String[0]);
  }

  /** What to tell the user once {@code run()} has returned. */
  public static String describe(PipelineResult result, PipelineOptions options) {
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    if (result instanceof DataflowTemplateJob) {
      return "Dataflow job specification written to " + dataflow.getTemplateLocation()
          + " (not run: --templateLocation was set).";
    }
    if (result instanceof DataflowPipelineJob) {
      DataflowPipelineJob job = (DataflowPipelineJob) result;
      return "Submitted Dataflow job " + job.getJobId() + " (" + dataflow.getJobName() + ") in "
          + job.getProjectId() + ", " + job.getRegion() + ":\n  "
          + MonitoringUtil.getJobMonitoringPageURL(job.getProjectId(), job.getRegion(),
              job.getJobId())
          + "\nIt runs on Dataflow until it ends, is drained or is cancelled; counters are on"
          + " that page. Stop a streaming job with: gcloud dataflow jobs drain " + job.getJobId()
          + " --region=" + job.getRegion();
    }
    return "Submitted to Dataflow: " + result;
  }
}
