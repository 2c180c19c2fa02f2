package dev.streamtemplates.transforms.parse;

import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import java.io.Serializable;

/** Turns one JSON object into a typed record, or says in words what is wrong with it. */
@FunctionalInterface
public interface RecordParser<T extends TimestampedRecord> extends Serializable {
  T parse(JsonRecord json) throws InvalidRecordException;
}
