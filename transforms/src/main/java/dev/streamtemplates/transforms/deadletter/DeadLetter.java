package dev.streamtemplates.transforms.deadletter;

import dev.streamtemplates.transforms.json.JsonLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * A record the pipeline could not use, with the original text and a reason a person can act on.
 * Written as the contract's {@code {"pipeline", "error", "payload", "processedAt"}}.
 */
public final class DeadLetter {
  private final String pipeline;
  private final String error;
  private final String payload;
  private final long processedAtMillis;

  public DeadLetter(String pipeline, String error, String payload, long processedAtMillis) {
    this.pipeline = Objects.requireNonNull(pipeline);
    this.error = Objects.requireNonNull(error);
    this.payload = Objects.requireNonNull(payload);
    this.processedAtMillis = processedAtMillis;
  }

  public String pipeline() {
    return pipeline;
  }

  public String error() {
    return error;
  }

  public String payload() {
    return payload;
  }

  public long processedAtMillis() {
    return processedAtMillis;
  }

  public String toJson() {
    return JsonLine.object()
        .put("pipeline", pipeline)
        .put("error", error)
        .put("payload", payload)
        .putTime("processedAt", processedAtMillis)
        .end();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DeadLetter)) {
      return false;
    }
    DeadLetter other = (DeadLetter) o;
    return processedAtMillis == other.processedAtMillis
        && pipeline.equals(other.pipeline)
        && error.equals(other.error)
        && payload.equals(other.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pipeline, error, payload, processedAtMillis);
  }

  @Override
  public String toString() {
    return toJson();
  }

  /** Compact and deterministic: three strings and a varint. */
  public static final class Coder extends CustomCoder<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeadLetter value, OutputStream out) throws IOException {
      STRING.encode(value.pipeline, out);
      STRING.encode(value.error, out);
      STRING.encode(value.payload, out);
      LONG.encode(value.processedAtMillis, out);
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      return new DeadLetter(STRING.decode(in), STRING.decode(in), STRING.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
