package dev.streamtemplates.io.sink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * A pipeline's named outputs ({@code window-stats}, {@code dead-letter}, ...), each a collection
 * of {@code (key, json line)}. What a pipeline's compute step returns; {@link #writeTo} sends each
 * to the configured sink under its name.
 */
public final class NamedOutputs implements POutput {
  private final Pipeline pipeline;
  private final String name;
  private final Map<String, PCollection<KV<String, String>>> outputs;

  private NamedOutputs(Pipeline pipeline, String name, Map<String, PCollection<KV<String, String>>> outputs) {
    this.pipeline = pipeline;
    this.name = name;
    this.outputs = outputs;
  }

  /** The outputs of the pipeline {@code name} (a sink may need it, e.g. for table schemas). */
  public static NamedOutputs of(String name, Pipeline pipeline) {
    return new NamedOutputs(pipeline, java.util.Objects.requireNonNull(name, "the pipeline's name"), new LinkedHashMap<>());
  }

  public NamedOutputs and(String name, PCollection<KV<String, String>> records) {
    Map<String, PCollection<KV<String, String>>> copy = new LinkedHashMap<>(outputs);
    if (copy.put(name, records) != null) {
      throw new IllegalArgumentException("output '" + name + "' is defined twice");
    }
    return new NamedOutputs(pipeline, this.name, copy);
  }

  public PCollection<KV<String, String>> get(String name) {
    PCollection<KV<String, String>> records = outputs.get(name);
    if (records == null) {
      throw new IllegalArgumentException("no output named '" + name + "'; have " + outputs.keySet());
    }
    return records;
  }

  public Map<String, PCollection<KV<String, String>>> all() {
    return Collections.unmodifiableMap(outputs);
  }

  /** Writes every output to the sink the options name, each under its own name. */
  public void writeTo(SinkOptions options) {
    outputs.forEach((output, records) ->
        records.apply("Write " + output, WriteOutput.named(this.name, output, options)));
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> tagged = new LinkedHashMap<>();
    outputs.forEach((name, records) -> tagged.put(new TupleTag<>(name), records));
    return tagged;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
