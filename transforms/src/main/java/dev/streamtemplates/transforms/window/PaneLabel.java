package dev.streamtemplates.transforms.window;

import dev.streamtemplates.transforms.json.JsonLine;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * Which pane a windowed result is: {@code "timing": "EARLY" | "ON_TIME" | "LATE"} and
 * {@code "paneIndex"} (0, 1, 2, ... per key and window). The last pane seen for a key and window
 * is the current value; bounded runs emit exactly one, ON_TIME, pane.
 */
public final class PaneLabel {
  private PaneLabel() {}

  public static String timing(PaneInfo pane) {
    // Runners report a single batch firing as UNKNOWN: it is the one and final pane.
    return pane.getTiming() == PaneInfo.Timing.UNKNOWN ? "ON_TIME" : pane.getTiming().name();
  }

  public static long index(PaneInfo pane) {
    return pane.getTiming() == PaneInfo.Timing.UNKNOWN ? 0 : pane.getIndex();
  }

  public static JsonLine write(JsonLine json, PaneInfo pane) {
    return json.put("timing", timing(pane)).put("paneIndex", index(pane));
  }
}
