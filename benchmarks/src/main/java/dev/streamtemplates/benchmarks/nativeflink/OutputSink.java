package dev.streamtemplates.benchmarks.nativeflink;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where a native job's named outputs go ({@code window-stats} or {@code alerts}, and {@code
 * dead-letter}), each a stream of the pipeline's JSON lines: the bench counts them, a test
 * collects them.
 */
@FunctionalInterface
public interface OutputSink {
  void attach(String output, DataStream<String> lines);
}
