package dev.streamtemplates.transforms.parse;

import dev.streamtemplates.transforms.deadletter.DeadLetter;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * What {@link ParseJson} produces: the typed records, stamped with their event time, and every
 * input it could not use as a {@link DeadLetter}. Both must be consumed; nothing is dropped.
 */
public final class ParsedRecords<T> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<T> recordsTag;
  private final PCollection<T> records;
  private final TupleTag<DeadLetter> deadLettersTag;
  private final PCollection<DeadLetter> deadLetters;

  ParsedRecords(
      Pipeline pipeline,
      TupleTag<T> recordsTag,
      PCollection<T> records,
      TupleTag<DeadLetter> deadLettersTag,
      PCollection<DeadLetter> deadLetters) {
    this.pipeline = pipeline;
    this.recordsTag = recordsTag;
    this.records = records;
    this.deadLettersTag = deadLettersTag;
    this.deadLetters = deadLetters;
  }

  public PCollection<T> records() {
    return records;
  }

  /** Malformed and too-late input, with the original text and the reason. */
  public PCollection<DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** The dead letters as the contract's JSON lines, keyed by pipeline: ready for any sink. */
  public PCollection<KV<String, String>> deadLetterLines() {
    return deadLetters.apply(
        "FormatDeadLetters",
        MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((DeadLetter d) -> KV.of(d.pipeline(), d.toJson())));
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(recordsTag, records, deadLettersTag, deadLetters);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
