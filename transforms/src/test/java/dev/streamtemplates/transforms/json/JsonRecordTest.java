package dev.streamtemplates.transforms.json;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.Set;
import org.junit.Test;

public class JsonRecordTest {

  private static String errorOf(String text, Check check) {
    return assertThrows(InvalidRecordException.class, () -> check.run(JsonRecord.parse(text)))
        .getMessage();
  }

  private interface Check {
    void run(JsonRecord json) throws InvalidRecordException;
  }

  @Test
  public void notJsonSaysSo() {
    assertThat(errorOf("not json", j -> {}), containsString("not valid JSON"));
    assertThat(errorOf("{\"a\":1", j -> {}), containsString("not valid JSON"));
    assertThat(errorOf("{\"a\":1} trailing", j -> {}), containsString("not valid JSON"));
  }

  @Test
  public void nonObjectIsRejected() {
    assertThat(errorOf("[1,2]", j -> {}), containsString("expected a JSON object, got an array"));
    assertThat(errorOf("", j -> {}), containsString("empty record"));
  }

  @Test
  public void missingAndNullRequiredFieldsAreNamed() {
    assertThat(errorOf("{}", j -> j.requireString("userId")), is("missing required field 'userId'"));
    assertThat(errorOf("{\"userId\":null}", j -> j.requireString("userId")),
        is("required field 'userId' is null"));
  }

  @Test
  public void numberSentAsStringIsRejected() {
    assertThat(errorOf("{\"amount\":\"19.99\"}", j -> j.requireNumber("amount")),
        is("field 'amount' must be a JSON number, got a string (\"19.99\")"));
  }

  @Test
  public void nonFiniteNumbersAreRejected() {
    assertThat(errorOf("{\"v\":1e400}", j -> j.requireNumber("v")), containsString("not a finite number"));
    assertThat(errorOf("{\"v\":NaN}", j -> j.requireNumber("v")), containsString("not valid JSON"));
  }

  @Test
  public void integersAreAcceptedAsNumbersButFractionsNotAsIntegers() throws Exception {
    assertThat(JsonRecord.parse("{\"v\":12}").requireNumber("v"), is(12.0));
    assertThat(errorOf("{\"seq\":1.5}", j -> j.requireLong("seq")),
        is("field 'seq' must be an integer, got the number 1.5"));
  }

  @Test
  public void timestampsMustBeIsoUtcWithZ() throws Exception {
    assertThat(JsonRecord.parse("{\"t\":\"2026-11-23T10:00:00Z\"}").requireTimestamp("t"),
        is(org.joda.time.Instant.parse("2026-11-23T10:00:00Z").getMillis()));
    assertThat(JsonRecord.parse("{\"t\":\"2026-11-23T10:00:00.123Z\"}").requireTimestamp("t") % 1000,
        is(123L));
    assertThat(errorOf("{\"t\":\"2026-11-23T10:00:00+01:00\"}", j -> j.requireTimestamp("t")),
        containsString("must be ISO-8601 UTC ending in 'Z'"));
    assertThat(errorOf("{\"t\":\"yesterday\"}", j -> j.requireTimestamp("t")),
        containsString("got 'yesterday'"));
    assertThat(errorOf("{\"t\":\"2026-13-45T10:00:00Z\"}", j -> j.requireTimestamp("t")),
        containsString("must be ISO-8601"));
  }

  @Test
  public void enumValuesAreListedWhenWrong() {
    assertThat(errorOf("{\"type\":\"refund\"}", j -> j.requireOneOf("type", Set.of("click"))),
        is("field 'type' must be one of click; got 'refund'"));
  }

  @Test
  public void recordsOverOneMebibyteAreRejectedAndAtTheLimitAccepted() throws Exception {
    String prefix = "{\"p\":\"";
    String suffix = "\"}";
    int fill = JsonRecord.MAX_RECORD_BYTES - prefix.length() - suffix.length();
    String atLimit = prefix + "x".repeat(fill) + suffix;
    JsonRecord.parse(atLimit); // exactly 1,048,576 bytes: fine
    String over = prefix + "x".repeat(fill - 1) + "é" + suffix; // one 2-byte char: 1 byte over
    assertThat(errorOf(over, j -> {}), is("record is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MiB)"));
  }
}
