package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.coders.ByteCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** One user interaction of the recommendations contract, parsed once at the edge. */
public final class Interaction implements TimestampedRecord {
  /** The contract's actions; their weights are options ({@link ActionWeights}). */
  public enum Action {
    view,
    cart,
    purchase;

    static final Set<String> NAMES = new LinkedHashSet<>();

    static {
      for (Action a : values()) {
        NAMES.add(a.name());
      }
    }
  }

  private final String userId;
  private final String itemId;
  private final Action action;
  private final long timestampMillis;

  public Interaction(String userId, String itemId, Action action, long timestampMillis) {
    this.userId = userId;
    this.itemId = itemId;
    this.action = action;
    this.timestampMillis = timestampMillis;
  }

  /** Validates one record against the contract; the exception says what is wrong. */
  public static Interaction parse(JsonRecord json) throws InvalidRecordException {
    String userId = json.requireString("userId");
    String itemId = json.requireString("itemId");
    Action action = Action.valueOf(json.requireOneOf("action", Action.NAMES));
    long timestamp = json.requireTimestamp("timestamp");
    return new Interaction(userId, itemId, action, timestamp);
  }

  public String userId() {
    return userId;
  }

  public String itemId() {
    return itemId;
  }

  public Action action() {
    return action;
  }

  @Override
  public long eventTimeMillis() {
    return timestampMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Interaction)) {
      return false;
    }
    Interaction i = (Interaction) o;
    return timestampMillis == i.timestampMillis
        && action == i.action
        && userId.equals(i.userId)
        && itemId.equals(i.itemId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, itemId, action, timestampMillis);
  }

  @Override
  public String toString() {
    return "Interaction{" + userId + " " + action + " " + itemId + " @" + timestampMillis + "}";
  }

  /** Compact and deterministic; no Java serialization. */
  public static final class Coder extends CustomCoder<Interaction> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final ByteCoder BYTE = ByteCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Interaction i, OutputStream out) throws IOException {
      STRING.encode(i.userId, out);
      STRING.encode(i.itemId, out);
      BYTE.encode((byte) i.action.ordinal(), out);
      LONG.encode(i.timestampMillis, out);
    }

    @Override
    public Interaction decode(InputStream in) throws IOException {
      return new Interaction(
          STRING.decode(in), STRING.decode(in), Action.values()[BYTE.decode(in)], LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
