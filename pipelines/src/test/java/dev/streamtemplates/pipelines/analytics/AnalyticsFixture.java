package dev.streamtemplates.pipelines.analytics;

import dev.streamtemplates.testing.Timeline;
import java.util.List;

/** A small day of activity whose every output is worked out by hand below. */
final class AnalyticsFixture {
  private AnalyticsFixture() {}

  static String event(String id, String user, String type, String page, String amount, String time) {
    return "{\"eventId\":\"" + id + "\",\"userId\":\"" + user + "\",\"eventType\":\"" + type + "\""
        + (page == null ? "" : ",\"page\":\"" + page + "\"")
        + (amount == null ? "" : ",\"amount\":" + amount)
        + ",\"timestamp\":\"" + Timeline.iso(time) + "\"}";
  }

  static final List<String> GOOD = List.of(
      event("e1", "u1", "page_view", "/home", null, "10:00:05"),
      event("e2", "u1", "click", "/home", null, "10:00:20"),
      event("e3", "u2", "page_view", "/home", null, "10:00:30"),
      event("e4", "u2", "purchase", "/checkout", "19.99", "10:00:50"),
      event("e5", "u1", "page_view", "/cart", null, "10:01:10"),
      event("e6", "u3", "page_view", "/cart", null, "10:01:30"),
      event("e7", "u3", "purchase", null, "5", "10:01:59.999"),
      event("e8", "u1", "page_view", "/home", null, "10:31:09.999"), // 29:59.999 after e5: same session
      event("e9", "u1", "page_view", "/home", null, "11:01:09.999"), // exactly 30 min after e8: new one
      // Retransmissions: an exact copy, and a resend with a later timestamp (the original counts).
      event("e4", "u2", "purchase", "/checkout", "19.99", "10:00:50"),
      event("e3", "u2", "page_view", "/home", null, "10:02:00"));

  /** Every kind of bad record the contract lists, with the error each must produce. */
  static final List<String[]> BAD = List.of(
      new String[] {"not json", "not valid JSON: Unrecognized token 'not'"},
      new String[] {"[\"an\",\"array\"]", "expected a JSON object, got an array"},
      new String[] {"{\"eventId\":\"b1\",\"eventType\":\"click\",\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "missing required field 'userId'"},
      new String[] {"{\"eventId\":\"b2\",\"userId\":null,\"eventType\":\"click\",\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "required field 'userId' is null"},
      new String[] {"{\"eventId\":\"b3\",\"userId\":\"u\",\"eventType\":\"purchase\",\"amount\":\"19.99\","
          + "\"timestamp\":\"2026-11-23T10:00:00Z\"}", "field 'amount' must be a JSON number, got a string"},
      new String[] {"{\"eventId\":\"b4\",\"userId\":\"u\",\"eventType\":\"refund\",\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "field 'eventType' must be one of page_view, click, add_to_cart, purchase; got 'refund'"},
      new String[] {"{\"eventId\":\"b5\",\"userId\":\"u\",\"eventType\":\"click\",\"timestamp\":\"23/11/2026\"}",
          "field 'timestamp' must be ISO-8601 UTC ending in 'Z'"},
      new String[] {"{\"eventId\":\"b6\",\"userId\":\"u\",\"eventType\":\"purchase\",\"amount\":-5,"
          + "\"timestamp\":\"2026-11-23T10:00:00Z\"}", "field 'amount' must be >= 0, got -5.0"},
      new String[] {"{\"eventId\":\"b7\",\"userId\":\"u\",\"eventType\":\"purchase\",\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "field 'amount' is required for a purchase"},
      new String[] {"{\"eventId\":\"b8\",\"userId\":\"u\",\"eventType\":\"purchase\",\"amount\":1e999,"
          + "\"timestamp\":\"2026-11-23T10:00:00Z\"}", "field 'amount' is not a finite number"});

  static final List<String> WINDOW_STATS = List.of(
      "{\"windowStart\":\"2026-11-23T10:00:00.000Z\",\"windowEnd\":\"2026-11-23T10:01:00.000Z\",\"events\":4,"
          + "\"uniqueUsers\":2,\"byType\":{\"page_view\":2,\"click\":1,\"add_to_cart\":0,\"purchase\":1},"
          + "\"revenue\":19.99,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"windowStart\":\"2026-11-23T10:01:00.000Z\",\"windowEnd\":\"2026-11-23T10:02:00.000Z\",\"events\":3,"
          + "\"uniqueUsers\":2,\"byType\":{\"page_view\":2,\"click\":0,\"add_to_cart\":0,\"purchase\":1},"
          + "\"revenue\":5,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"windowStart\":\"2026-11-23T10:31:00.000Z\",\"windowEnd\":\"2026-11-23T10:32:00.000Z\",\"events\":1,"
          + "\"uniqueUsers\":1,\"byType\":{\"page_view\":1,\"click\":0,\"add_to_cart\":0,\"purchase\":0},"
          + "\"revenue\":0,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"windowStart\":\"2026-11-23T11:01:00.000Z\",\"windowEnd\":\"2026-11-23T11:02:00.000Z\",\"events\":1,"
          + "\"uniqueUsers\":1,\"byType\":{\"page_view\":1,\"click\":0,\"add_to_cart\":0,\"purchase\":0},"
          + "\"revenue\":0,\"timing\":\"ON_TIME\",\"paneIndex\":0}");

  static final List<String> TOP_PAGES = List.of(
      "{\"windowStart\":\"2026-11-23T10:00:00.000Z\",\"windowEnd\":\"2026-11-23T10:01:00.000Z\","
          + "\"pages\":[{\"page\":\"/home\",\"views\":2}],\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"windowStart\":\"2026-11-23T10:01:00.000Z\",\"windowEnd\":\"2026-11-23T10:02:00.000Z\","
          + "\"pages\":[{\"page\":\"/cart\",\"views\":2}],\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"windowStart\":\"2026-11-23T10:31:00.000Z\",\"windowEnd\":\"2026-11-23T10:32:00.000Z\","
          + "\"pages\":[{\"page\":\"/home\",\"views\":1}],\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"windowStart\":\"2026-11-23T11:01:00.000Z\",\"windowEnd\":\"2026-11-23T11:02:00.000Z\","
          + "\"pages\":[{\"page\":\"/home\",\"views\":1}],\"timing\":\"ON_TIME\",\"paneIndex\":0}");

  static final List<String> SESSIONS = List.of(
      "{\"userId\":\"u1\",\"sessionStart\":\"2026-11-23T10:00:05.000Z\",\"sessionEnd\":\"2026-11-23T10:31:09.999Z\","
          + "\"events\":4,\"purchases\":0,\"revenue\":0,\"converted\":false,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"userId\":\"u1\",\"sessionStart\":\"2026-11-23T11:01:09.999Z\",\"sessionEnd\":\"2026-11-23T11:01:09.999Z\","
          + "\"events\":1,\"purchases\":0,\"revenue\":0,\"converted\":false,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"userId\":\"u2\",\"sessionStart\":\"2026-11-23T10:00:30.000Z\",\"sessionEnd\":\"2026-11-23T10:00:50.000Z\","
          + "\"events\":2,\"purchases\":1,\"revenue\":19.99,\"converted\":true,\"timing\":\"ON_TIME\",\"paneIndex\":0}",
      "{\"userId\":\"u3\",\"sessionStart\":\"2026-11-23T10:01:30.000Z\",\"sessionEnd\":\"2026-11-23T10:01:59.999Z\","
          + "\"events\":2,\"purchases\":1,\"revenue\":5,\"converted\":true,\"timing\":\"ON_TIME\",\"paneIndex\":0}");
}
