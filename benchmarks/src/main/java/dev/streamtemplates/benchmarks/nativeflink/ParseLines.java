package dev.streamtemplates.benchmarks.nativeflink;

import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.transforms.deadletter.DeadLetter;
import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.parse.ParseJson;
import dev.streamtemplates.transforms.parse.RecordParser;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The native form of the pipelines' {@code ParseJson}: each line parsed with the pipeline's own
 * parser (bad lines become the same dead-letter records), stamped with its event time, watermarked
 * with a bound on out-of-orderness, and checked against the allowed lateness.
 *
 * <p>All three steps are chained to the source, so the original line travels with its record (no
 * copy, no serialization) as far as the lateness check, which needs it for the dead letter of a
 * too-late record, and no further. The check reads this reader's own watermark: the watermark
 * downstream (the minimum over readers) is never ahead of it, so a record let through here is
 * never too late for a step further down.
 */
final class ParseLines {
  private ParseLines() {}

  /** The records, stamped with their event time and watermarked; and every unusable line. */
  record Parsed<T>(DataStream<T> records, DataStream<String> deadLetters) {}

  /**
   * The generator's lines, as the pipeline's synthetic source in replay gives them, parsed: the
   * input of every native job.
   */
  static <T extends TimestampedRecord> Parsed<T> generated(
      StreamExecutionEnvironment env,
      EventGenerator generator,
      SyntheticSpec spec,
      int parallelism,
      String pipeline,
      RecordParser<T> parser,
      TypeInformation<T> type) {
    DataStream<String> lines =
        env.fromSource(
                SyntheticLines.source(generator, spec, parallelism),
                WatermarkStrategy.noWatermarks(),
                "Synthetic")
            .setParallelism(parallelism);
    return apply(
        lines,
        pipeline,
        parser,
        type,
        Duration.ofMillis(generator.maxOutOfOrderness().getMillis()),
        spec.allowedLatenessMillis());
  }

  static <T extends TimestampedRecord> Parsed<T> apply(
      DataStream<String> lines,
      String pipeline,
      RecordParser<T> parser,
      TypeInformation<T> type,
      Duration maxOutOfOrderness,
      long allowedLatenessMillis) {
    OutputTag<String> malformed = new OutputTag<>("malformed", Types.STRING);
    OutputTag<String> late = new OutputTag<>("late", Types.STRING);
    TypeInformation<Tuple2<String, T>> withLine = new TupleTypeInfo<>(Types.STRING, type);

    SingleOutputStreamOperator<Tuple2<String, T>> parsed =
        lines.process(new ParseFn<>(pipeline, parser, malformed), withLine).name("Parse");
    SingleOutputStreamOperator<T> checked =
        parsed
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Tuple2<String, T>>forBoundedOutOfOrderness(maxOutOfOrderness)
                    .withTimestampAssigner((record, ignored) -> record.f1.eventTimeMillis()))
            .name("EventTime")
            .process(new CheckLatenessFn<>(pipeline, allowedLatenessMillis, late), type)
            .name("CheckLateness");
    return new Parsed<>(
        checked, parsed.getSideOutput(malformed).union(checked.getSideOutput(late)));
  }

  /** Parses as the pipelines do; the error texts are theirs. */
  static final class ParseFn<T extends TimestampedRecord>
      extends ProcessFunction<String, Tuple2<String, T>> {
    private static final long serialVersionUID = 1L;
    private final String pipeline;
    private final RecordParser<T> parser;
    private final OutputTag<String> malformed;

    ParseFn(String pipeline, RecordParser<T> parser, OutputTag<String> malformed) {
      this.pipeline = pipeline;
      this.parser = parser;
      this.malformed = malformed;
    }

    @Override
    public void processElement(String line, Context ctx, Collector<Tuple2<String, T>> out) {
      String error;
      try {
        out.collect(Tuple2.of(line, parser.parse(JsonRecord.parse(line))));
        return;
      } catch (InvalidRecordException e) {
        error = e.getMessage();
      } catch (RuntimeException e) {
        error = "could not be parsed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
      }
      ctx.output(malformed, new DeadLetter(pipeline, error, line, System.currentTimeMillis()).toJson());
    }
  }

  /** Dead-letters a record more than the allowed lateness behind the watermark, as the pipelines do. */
  static final class CheckLatenessFn<T extends TimestampedRecord>
      extends ProcessFunction<Tuple2<String, T>, T> {
    private static final long serialVersionUID = 1L;
    private final String pipeline;
    private final long allowedLatenessMillis;
    private final OutputTag<String> late;

    CheckLatenessFn(String pipeline, long allowedLatenessMillis, OutputTag<String> late) {
      this.pipeline = pipeline;
      this.allowedLatenessMillis = allowedLatenessMillis;
      this.late = late;
    }

    @Override
    public void processElement(Tuple2<String, T> record, Context ctx, Collector<T> out) {
      long eventTime = record.f1.eventTimeMillis();
      long watermark = ctx.timerService().currentWatermark();
      if (eventTime + allowedLatenessMillis >= watermark) {
        out.collect(record.f1);
        return;
      }
      String error = ParseJson.lateRecordError(eventTime, watermark, allowedLatenessMillis);
      ctx.output(late, new DeadLetter(pipeline, error, record.f0, System.currentTimeMillis()).toJson());
    }
  }
}
