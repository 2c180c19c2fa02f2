package dev.streamtemplates.pipelines.fraud;

import dev.streamtemplates.transforms.json.InvalidRecordException;
import dev.streamtemplates.transforms.json.JsonRecord;
import dev.streamtemplates.transforms.parse.TimestampedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.SerializableComparator;

/** One card transaction of the fraud contract, parsed once at the edge. */
public final class Transaction implements TimestampedRecord {
  /** The contract's tie-break between transactions of one instant: txnId as a string. */
  public static final SerializableComparator<Transaction> BY_TXN_ID =
      (a, b) -> a.txnId.compareTo(b.txnId);

  private final String txnId;
  private final String cardId;
  private final double amount;
  private final String currency;
  private final String merchantId;
  private final String merchantCategory; // nullable
  private final String country;
  private final double lat;
  private final double lon;
  private final long timestampMillis;

  public Transaction(
      String txnId,
      String cardId,
      double amount,
      String currency,
      String merchantId,
      String merchantCategory,
      String country,
      double lat,
      double lon,
      long timestampMillis) {
    this.txnId = txnId;
    this.cardId = cardId;
    this.amount = amount;
    this.currency = currency;
    this.merchantId = merchantId;
    this.merchantCategory = merchantCategory;
    this.country = country;
    this.lat = lat;
    this.lon = lon;
    this.timestampMillis = timestampMillis;
  }

  /** Validates one record against the contract; the exception says what is wrong. */
  public static Transaction parse(JsonRecord json) throws InvalidRecordException {
    String txnId = json.requireString("txnId");
    String cardId = json.requireString("cardId");
    double amount = json.requireNumber("amount");
    if (!(amount > 0)) {
      throw new InvalidRecordException("field 'amount' must be > 0, got " + amount);
    }
    String currency = json.requireString("currency");
    if (!currency.matches("[A-Za-z]{3}")) {
      throw new InvalidRecordException(
          "field 'currency' must be 3 letters (ISO 4217, e.g. EUR), got '"
              + InvalidRecordException.excerpt(currency) + "'");
    }
    String merchantId = json.requireString("merchantId");
    String merchantCategory = json.optionalString("merchantCategory");
    String country = json.requireString("country");
    double lat = json.requireNumber("lat");
    if (lat < -90 || lat > 90) {
      throw new InvalidRecordException("field 'lat' must be in [-90, 90], got " + lat);
    }
    double lon = json.requireNumber("lon");
    if (lon < -180 || lon > 180) {
      throw new InvalidRecordException("field 'lon' must be in [-180, 180], got " + lon);
    }
    long timestamp = json.requireTimestamp("timestamp");
    return new Transaction(
        txnId, cardId, amount, currency, merchantId, merchantCategory, country, lat, lon, timestamp);
  }

  public String txnId() {
    return txnId;
  }

  public String cardId() {
    return cardId;
  }

  public double amount() {
    return amount;
  }

  public String currency() {
    return currency;
  }

  public String merchantId() {
    return merchantId;
  }

  /** {@code null} when the record has none. */
  public String merchantCategory() {
    return merchantCategory;
  }

  public String country() {
    return country;
  }

  public double lat() {
    return lat;
  }

  public double lon() {
    return lon;
  }

  @Override
  public long eventTimeMillis() {
    return timestampMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Transaction)) {
      return false;
    }
    Transaction t = (Transaction) o;
    return timestampMillis == t.timestampMillis
        && Double.compare(amount, t.amount) == 0
        && Double.compare(lat, t.lat) == 0
        && Double.compare(lon, t.lon) == 0
        && txnId.equals(t.txnId)
        && cardId.equals(t.cardId)
        && currency.equals(t.currency)
        && merchantId.equals(t.merchantId)
        && Objects.equals(merchantCategory, t.merchantCategory)
        && country.equals(t.country);
  }

  @Override
  public int hashCode() {
    return Objects.hash(txnId, cardId, amount, timestampMillis);
  }

  @Override
  public String toString() {
    return "Transaction{" + txnId + ", " + cardId + ", " + amount + " " + currency + ", "
        + merchantId + ", " + country + " (" + lat + ", " + lon + "), " + timestampMillis + "}";
  }

  /** Compact and deterministic; no Java serialization. */
  public static final class Coder extends CustomCoder<Transaction> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final NullableCoder<String> OPTIONAL = NullableCoder.of(StringUtf8Coder.of());
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Transaction t, OutputStream out) throws IOException {
      STRING.encode(t.txnId, out);
      STRING.encode(t.cardId, out);
      DOUBLE.encode(t.amount, out);
      STRING.encode(t.currency, out);
      STRING.encode(t.merchantId, out);
      OPTIONAL.encode(t.merchantCategory, out);
      STRING.encode(t.country, out);
      DOUBLE.encode(t.lat, out);
      DOUBLE.encode(t.lon, out);
      LONG.encode(t.timestampMillis, out);
    }

    @Override
    public Transaction decode(InputStream in) throws IOException {
      return new Transaction(
          STRING.decode(in),
          STRING.decode(in),
          DOUBLE.decode(in),
          STRING.decode(in),
          STRING.decode(in),
          OPTIONAL.decode(in),
          STRING.decode(in),
          DOUBLE.decode(in),
          DOUBLE.decode(in),
          LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
