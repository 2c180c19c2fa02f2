package dev.streamtemplates.pipelines.recommendations;

import java.util.ArrayList;
import java.util.List;

/**
 * Seven users in the hour [10:00, 11:00) and one in [11:00, 12:00), with item sets small enough to
 * work out by hand:
 *
 * <pre>
 * u1 {A,B,C}  u2 {A,B,D}  u3 {A,C,D,E}  u4 {B,E}  u5 {F}  u6 {A,G,H}  u7 {J,K,L,M}
 * users(k, j): A-B 2, A-C 2, A-D 2, every other pair within a set 1
 * </pre>
 *
 * A has six neighbours, so its top 5 cuts a tie at 1 by itemId (G in, H out); the trending minute
 * has twelve items, cutting a tie at 1 (K in, L and M out). u2's D at 10:59:59.999 belongs to the
 * first hour, u1's A at 11:00:00.000 to the second. Every expected record is written out below.
 */
final class RecommendationsFixture {
  private RecommendationsFixture() {}

  static String interaction(String user, String item, String action, String time) {
    return "{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"action\":\"" + action
        + "\",\"timestamp\":\"2026-11-23T" + time + "Z\"}";
  }

  static final List<String> INTERACTIONS = List.of(
      interaction("u1", "A", "view", "10:00:01.000"),
      interaction("u1", "B", "cart", "10:00:02.000"),
      interaction("u1", "C", "purchase", "10:00:03.000"),
      interaction("u1", "A", "view", "10:00:04.000"), // a repeat: counts in trending, once in pairs
      interaction("u2", "A", "view", "10:00:05.000"),
      interaction("u2", "B", "view", "10:00:06.000"),
      interaction("u2", "D", "view", "10:59:59.999"),
      interaction("u3", "A", "cart", "10:00:07.000"),
      interaction("u3", "C", "view", "10:00:08.000"),
      interaction("u3", "D", "view", "10:00:09.000"),
      interaction("u3", "E", "view", "10:00:10.000"),
      interaction("u4", "B", "purchase", "10:00:11.000"),
      interaction("u4", "E", "cart", "10:00:12.000"),
      interaction("u5", "F", "view", "10:00:13.000"),
      interaction("u6", "A", "view", "10:00:14.000"),
      interaction("u6", "G", "view", "10:00:15.000"),
      interaction("u6", "H", "view", "10:00:16.000"),
      interaction("u7", "J", "view", "10:00:17.000"),
      interaction("u7", "K", "view", "10:00:18.000"),
      interaction("u7", "L", "view", "10:00:19.000"),
      interaction("u7", "M", "view", "10:00:20.000"),
      interaction("u1", "A", "view", "11:00:00.000"),
      interaction("u1", "B", "view", "11:30:00.000"));

  /** Each bad record and (part of) the error it must be dead-lettered with. */
  static final List<String[]> BAD = List.of(
      new String[] {"{\"userId\":\"u1\",\"itemId\":\"A\",\"action\":\"view\"", "not valid JSON"},
      new String[] {"{\"userId\":\"u1\",\"action\":\"view\",\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "missing required field 'itemId'"},
      new String[] {"{\"userId\":\"u1\",\"itemId\":\"A\",\"action\":\"click\",\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "field 'action' must be one of view, cart, purchase; got 'click'"},
      new String[] {"{\"userId\":7,\"itemId\":\"A\",\"action\":\"view\",\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "field 'userId'"},
      new String[] {"{\"userId\":\"u1\",\"itemId\":\"A\",\"action\":null,\"timestamp\":\"2026-11-23T10:00:00Z\"}",
          "field 'action'"},
      new String[] {"{\"userId\":\"u1\",\"itemId\":\"A\",\"action\":\"view\",\"timestamp\":\"10 o'clock\"}",
          "field 'timestamp'"});

  static List<String> input() {
    List<String> all = new ArrayList<>(INTERACTIONS);
    BAD.forEach(bad -> all.add(bad[0]));
    return all;
  }

  private static String window(String start, String end) {
    return "\"windowStart\":\"2026-11-23T" + start + ":00.000Z\",\"windowEnd\":\"2026-11-23T" + end + ":00.000Z\"";
  }

  private static String ranked(String countField, String... entries) {
    StringBuilder s = new StringBuilder("[");
    for (String entry : entries) {
      String[] itemAndCount = entry.split("=");
      if (s.length() > 1) {
        s.append(',');
      }
      s.append("{\"itemId\":\"").append(itemAndCount[0]).append("\",\"").append(countField)
          .append("\":").append(itemAndCount[1]).append('}');
    }
    return s.append(']').toString();
  }

  private static final String FINAL = ",\"timing\":\"ON_TIME\",\"paneIndex\":0}";

  /** The trending records of the windows starting from {@code first} to {@code last} minute. */
  private static void trending(List<String> out, String first, String last, String... items) {
    int from = minutes(first);
    int to = minutes(last);
    for (int m = from; m <= to; m++) {
      out.add("{" + window(hhmm(m), hhmm(m + 10)) + ",\"items\":" + ranked("score", items) + FINAL);
    }
  }

  private static int minutes(String hhmm) {
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
  }

  private static String hhmm(int minutes) {
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  /** Weights view 1, cart 3, purchase 5: B 3+1+5, A 1+1+1+3+1, C 5+1, E 1+3, the rest 1. */
  static final List<String> TRENDING = new ArrayList<>();

  static {
    trending(TRENDING, "09:51", "10:00",
        "B=9", "A=7", "C=6", "E=4", "D=1", "F=1", "G=1", "H=1", "J=1", "K=1");
    trending(TRENDING, "10:50", "10:50", "D=1");
    trending(TRENDING, "10:51", "10:59", "A=1", "D=1");
    trending(TRENDING, "11:00", "11:00", "A=1");
    trending(TRENDING, "11:21", "11:30", "B=1");
  }

  private static String similar(String item, String start, String end, String... neighbours) {
    return "{\"itemId\":\"" + item + "\"," + window(start, end) + ",\"similar\":" + ranked("users", neighbours) + FINAL;
  }

  static final List<String> SIMILAR_ITEMS = List.of(
      similar("A", "10:00", "11:00", "B=2", "C=2", "D=2", "E=1", "G=1"),
      similar("B", "10:00", "11:00", "A=2", "C=1", "D=1", "E=1"),
      similar("C", "10:00", "11:00", "A=2", "B=1", "D=1", "E=1"),
      similar("D", "10:00", "11:00", "A=2", "B=1", "C=1", "E=1"),
      similar("E", "10:00", "11:00", "A=1", "B=1", "C=1", "D=1"),
      similar("G", "10:00", "11:00", "A=1", "H=1"),
      similar("H", "10:00", "11:00", "A=1", "G=1"),
      similar("J", "10:00", "11:00", "K=1", "L=1", "M=1"),
      similar("K", "10:00", "11:00", "J=1", "L=1", "M=1"),
      similar("L", "10:00", "11:00", "J=1", "K=1", "M=1"),
      similar("M", "10:00", "11:00", "J=1", "K=1", "L=1"),
      similar("A", "11:00", "12:00", "B=1"),
      similar("B", "11:00", "12:00", "A=1"));

  private static String recommended(String user, String start, String end, String... items) {
    return "{\"userId\":\"" + user + "\"," + window(start, end) + ",\"items\":" + ranked("score", items) + FINAL;
  }

  /** score(j) = sum over the user's items k of users(k, j), e.g. u1's D = A-D 2 + B-D 1 + C-D 1. */
  static final List<String> RECOMMENDATIONS = List.of(
      recommended("u1", "10:00", "11:00", "D=4", "E=3", "G=1", "H=1"),
      recommended("u2", "10:00", "11:00", "C=4", "E=3", "G=1", "H=1"),
      recommended("u3", "10:00", "11:00", "B=5", "G=1", "H=1"),
      recommended("u4", "10:00", "11:00", "A=3", "C=2", "D=2"),
      recommended("u5", "10:00", "11:00"),
      recommended("u6", "10:00", "11:00", "B=2", "C=2", "D=2", "E=1"),
      recommended("u7", "10:00", "11:00"),
      recommended("u1", "11:00", "12:00"));
}
