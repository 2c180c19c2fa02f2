package dev.streamtemplates.pipelines.analytics;

import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** One user-activity event of the analytics contract, parsed once at the edge. */
public final class ActivityEvent implements TimestampedRecord {

  /** The contract's event types, in the order {@code byType} lists them. */
  public enum Type {
    page_view,
    click,
    add_to_cart,
    purchase;

    static final Set<String> NAMES = new LinkedHashSet<>();

    static {
      for (Type t : values()) {
        NAMES.add(t.name());
      }
    }
  }

  private final String eventId;
  private final String userId;
  private final Type type;
  private final String page; // nullable
  private final String itemId; // nullable
  private final double amount; // NaN when absent
  private final long timestampMillis;

  public ActivityEvent(
      String eventId,
      String userId,
      Type type,
      String page,
      String itemId,
      double amount,
      long timestampMillis) {
    this.eventId = eventId;
    this.userId = userId;
    this.type = type;
    this.page = page;
    this.itemId = itemId;
    this.amount = amount;
    this.timestampMillis = timestampMillis;
  }

  /** Validates one record against the contract; the exception says what is wrong. */
  public static ActivityEvent parse(JsonRecord json) throws InvalidRecordException {
    String eventId = json.requireString("eventId");
    String userId = json.requireString("userId");
    Type type = Type.valueOf(json.requireOneOf("eventType", Type.NAMES));
    String page = json.optionalString("page");
    String itemId = json.optionalString("itemId");
    double amount = json.optionalNumber("amount");
    if (type == Type.purchase && Double.isNaN(amount)) {
      throw new InvalidRecordException("field 'amount' is required for a purchase");
    }
    if (amount < 0) {
      throw new InvalidRecordException("field 'amount' must be >= 0, got " + amount);
    }
    long timestamp = json.requireTimestamp("timestamp");
    return new ActivityEvent(eventId, userId, type, page, itemId, amount, timestamp);
  }

  public String eventId() {
    return eventId;
  }

  public String userId() {
    return userId;
  }

  public Type type() {
    return type;
  }

  public String page() {
    return page;
  }

  public String itemId() {
    return itemId;
  }

  /** The purchase amount; {@code NaN} when the record has none. */
  public double amount() {
    return amount;
  }

  @Override
  public long eventTimeMillis() {
    return timestampMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ActivityEvent)) {
      return false;
    }
    ActivityEvent e = (ActivityEvent) o;
    return timestampMillis == e.timestampMillis
        && Double.compare(amount, e.amount) == 0
        && eventId.equals(e.eventId)
        && userId.equals(e.userId)
        && type == e.type
        && Objects.equals(page, e.page)
        && Objects.equals(itemId, e.itemId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, userId, type, page, itemId, amount, timestampMillis);
  }

  @Override
  public String toString() {
    return "ActivityEvent{" + eventId + ", " + userId + ", " + type + ", " + page + ", " + itemId
        + ", " + amount + ", " + timestampMillis + "}";
  }

  /** Compact and deterministic; no Java serialization. */
  public static final class Coder extends CustomCoder<ActivityEvent> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final NullableCoder<String> OPTIONAL = NullableCoder.of(StringUtf8Coder.of());
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ActivityEvent e, OutputStream out) throws IOException {
      STRING.encode(e.eventId, out);
      STRING.encode(e.userId, out);
      INT.encode(e.type.ordinal(), out);
      OPTIONAL.encode(e.page, out);
      OPTIONAL.encode(e.itemId, out);
      DOUBLE.encode(e.amount, out);
      LONG.encode(e.timestampMillis, out);
    }

    @Override
    public ActivityEvent decode(InputStream in) throws IOException {
      return new ActivityEvent(
          STRING.decode(in),
          STRING.decode(in),
          Type.values()[INT.decode(in)],
          OPTIONAL.decode(in),
          OPTIONAL.decode(in),
          DOUBLE.decode(in),
          LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
