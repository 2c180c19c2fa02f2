package dev.streamtemplates.transforms.parse;

/** A parsed record that knows its event time (the contract's {@code timestamp}). */
public interface TimestampedRecord {
  long eventTimeMillis();
}
