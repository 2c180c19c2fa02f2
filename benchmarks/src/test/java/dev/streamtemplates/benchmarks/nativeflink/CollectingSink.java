package dev.streamtemplates.benchmarks.nativeflink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/** Keeps every line of each output in an accumulator named after it: for test-sized runs. */
final class CollectingSink implements OutputSink {
  @Override
  public void attach(String output, DataStream<String> lines) {
    lines
        .process(new CollectFn(output), Types.VOID)
        .name("Collect " + output)
        .sinkTo(new DiscardingSink<>());
  }

  /** The lines of {@code output} once the job has finished, in no particular order. */
  static List<String> lines(JobExecutionResult result, String output) {
    List<String> lines = result.getAccumulatorResult(output);
    return lines == null ? List.of() : lines;
  }

  static final class CollectFn extends ProcessFunction<String, Void> {
    private static final long serialVersionUID = 1L;
    private final String output;
    private transient ListAccumulator<String> lines;

    CollectFn(String output) {
      this.output = output;
    }

    @Override
    public void open(OpenContext context) {
      lines = new ListAccumulator<>();
      getRuntimeContext().addAccumulator(output, lines);
    }

    @Override
    public void processElement(String line, Context ctx, Collector<Void> out) {
      lines.add(line);
    }
  }

  static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }
}
