package dev.streamtemplates.benchmarks.nativeflink;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/** Counts each output's records in an accumulator named after it, and keeps nothing. */
public final class CountingSink implements OutputSink {
  @Override
  public void attach(String output, DataStream<String> lines) {
    lines
        .process(new CountFn(output), Types.VOID)
        .name("Count " + output)
        .sinkTo(new DiscardingSink<>())
        .name("Discard " + output);
  }

  /** The count of {@code output} once the job has finished. */
  public static long count(JobExecutionResult result, String output) {
    Long count = result.getAccumulatorResult(output);
    return count == null ? 0 : count;
  }

  static final class CountFn extends ProcessFunction<String, Void> {
    private static final long serialVersionUID = 1L;
    private final String output;
    private transient LongCounter counter;

    CountFn(String output) {
      this.output = output;
    }

    @Override
    public void open(OpenContext context) {
      counter = new LongCounter();
      getRuntimeContext().addAccumulator(output, counter);
    }

    @Override
    public void processElement(String line, Context ctx, Collector<Void> out) {
      counter.add(1L);
    }
  }
}
