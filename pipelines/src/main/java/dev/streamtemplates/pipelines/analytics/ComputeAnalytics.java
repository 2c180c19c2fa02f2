package dev.streamtemplates.pipelines.analytics;

import dev.streamtemplates.io.sink.NamedOutputs;
import dev.streamtemplates.transforms.combine.ShardedCombine;
import dev.streamtemplates.transforms.dedup.DeduplicateById;
import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.parse.ParseJson;
import dev.streamtemplates.transforms.parse.ParsedRecords;
import dev.streamtemplates.transforms.time.EventTimes;
import dev.streamtemplates.transforms.topk.TopKBySum;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import dev.streamtemplates.transforms.window.PaneLabel;
import dev.streamtemplates.transforms.window.WindowPolicy;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The analytics contract: raw JSON lines in; {@code window-stats}, {@code top-pages},
 * {@code sessions} and {@code dead-letter} out, each as {@code (key, json line)}.
 *
 * <p>Parse (dead-lettering bad and too-late input) → drop duplicate {@code eventId}s → three
 * windowed aggregations, each under the same {@link WindowPolicy}. The two global ones
 * (window-stats, top-pages) combine in {@link ShardedCombine shards} first, so no single key holds
 * a whole window.
 */
public final class ComputeAnalytics extends PTransform<PCollection<String>, NamedOutputs> {
  public static final String NAME = "analytics";
  public static final String WINDOW_STATS = "window-stats";
  public static final String TOP_PAGES = "top-pages";
  public static final String SESSIONS = "sessions";
  public static final String DEAD_LETTER = "dead-letter";

  private final Duration windowSize;
  private final Duration sessionGap;
  private final int topPages;
  private final WindowPolicy policy;
  private final Duration dedupHorizon;
  private final Set<String> outputs;

  private ComputeAnalytics(
      Duration windowSize, Duration sessionGap, int topPages, WindowPolicy policy,
      Duration dedupHorizon, Set<String> outputs) {
    this.windowSize = windowSize;
    this.sessionGap = sessionGap;
    this.topPages = topPages;
    this.policy = policy;
    this.dedupHorizon = dedupHorizon;
    this.outputs = outputs;
  }

  public static ComputeAnalytics from(AnalyticsOptions options) {
    AnalyticsOptions.validate(options);
    return new ComputeAnalytics(
        Duration.standardSeconds(options.getWindowSizeSec()),
        Duration.standardSeconds(options.getSessionGapSec()),
        options.getTopPages(),
        WindowPolicy.from(options),
        EventTimeOptions.dedupHorizon(options),
        AnalyticsOptions.outputs(options));
  }

  @Override
  public NamedOutputs expand(PCollection<String> lines) {
    ParsedRecords<ActivityEvent> parsed =
        lines.apply(
            "ParseEvents",
            ParseJson.of(NAME, ActivityEvent::parse, ActivityEvent.Coder.of())
                .withAllowedLateness(policy.allowedLateness()));
    PCollection<ActivityEvent> events =
        parsed
            .records()
            .apply(
                "DropDuplicateEventIds",
                DeduplicateById.of(NAME, ActivityEvent::eventId).rememberingIdsFor(dedupHorizon));

    NamedOutputs named = NamedOutputs.of(NAME, lines.getPipeline());
    if (outputs.contains(WINDOW_STATS) || outputs.contains(TOP_PAGES)) {
      PCollection<ActivityEvent> inWindows =
          events.apply("FixedWindows", policy.windowing(events, FixedWindows.of(windowSize)));
      if (outputs.contains(WINDOW_STATS)) {
        named = named.and(WINDOW_STATS, windowStats(inWindows));
      }
      if (outputs.contains(TOP_PAGES)) {
        named = named.and(TOP_PAGES, topPages(inWindows));
      }
    }
    if (outputs.contains(SESSIONS)) {
      named = named.and(SESSIONS, sessions(events));
    }
    return named.and(DEAD_LETTER, parsed.deadLetterLines());
  }

  private static PCollection<KV<String, String>> windowStats(
      PCollection<ActivityEvent> inWindows) {
    return inWindows
        .apply("WindowStats", ShardedCombine.globally(new WindowStatsFn()))
        .apply("FormatWindowStats", ParDo.of(new FormatWindowStatsFn()));
  }

  private PCollection<KV<String, String>> topPages(PCollection<ActivityEvent> inWindows) {
    PCollection<KV<String, Long>> pageViews =
        inWindows
            .apply("PageViews", Filter.by(e -> e.type() == ActivityEvent.Type.page_view && e.page() != null))
            .apply(
                "ViewOfPage",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                    .via(e -> KV.of(e.page(), 1L)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return pageViews
        .apply("TopPages", TopKBySum.of(topPages))
        .apply("FormatTopPages", ParDo.of(new FormatTopPagesFn()));
  }

  private PCollection<KV<String, String>> sessions(PCollection<ActivityEvent> events) {
    PCollection<KV<String, ActivityEvent>> byUser =
        events
            .apply(
                "KeyByUser",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), events.getTypeDescriptor()))
                    .via(e -> KV.of(e.userId(), e)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ActivityEvent.Coder.of()));
    return byUser
        .apply("SessionWindows", policy.windowing(byUser, Sessions.withGapDuration(sessionGap)))
        .apply("SessionStats", Combine.perKey(new SessionStatsFn()))
        .apply("FormatSessions", ParDo.of(new FormatSessionFn()));
  }

  private static JsonLine windowFields(BoundedWindow window) {
    IntervalWindow w = (IntervalWindow) window;
    return JsonLine.object()
        .putTime("windowStart", w.start().getMillis())
        .putTime("windowEnd", WindowPolicy.windowEndMillis(w));
  }

  public static final class FormatWindowStatsFn extends DoFn<WindowStatsFn.Stats, KV<String, String>> {
    @ProcessElement
    public void process(
        @Element WindowStatsFn.Stats stats,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      if (stats.events == 0) {
        return; // a pane without data (Flink streaming can fire one): no window to report
      }
      JsonLine json =
          windowFields(window)
              .put("events", stats.events)
              .put("uniqueUsers", stats.users.size())
              .startObject("byType");
      for (ActivityEvent.Type type : ActivityEvent.Type.values()) {
        json.put(type.name(), stats.byType[type.ordinal()]);
      }
      json.endObject().put("revenue", stats.revenue);
      String key = EventTimes.format(((IntervalWindow) window).start());
      out.output(KV.of(key, PaneLabel.write(json, pane).end()));
    }
  }

  static final class FormatTopPagesFn extends DoFn<List<KV<String, Long>>, KV<String, String>> {
    @ProcessElement
    public void process(
        @Element List<KV<String, Long>> top,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      if (top.isEmpty()) {
        return; // a pane without data (Flink streaming can fire one): nothing to rank
      }
      JsonLine json = windowFields(window).startArray("pages");
      for (KV<String, Long> page : top) {
        json.startElement().put("page", page.getKey()).put("views", page.getValue()).endElement();
      }
      json.endArray();
      String key = EventTimes.format(((IntervalWindow) window).start());
      out.output(KV.of(key, PaneLabel.write(json, pane).end()));
    }
  }

  static final class FormatSessionFn
      extends DoFn<KV<String, SessionStatsFn.Session>, KV<String, String>> {
    @ProcessElement
    public void process(
        @Element KV<String, SessionStatsFn.Session> session,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      SessionStatsFn.Session s = session.getValue();
      if (s.events == 0) {
        return; // a pane without data (Flink streaming can fire one)
      }
      JsonLine json =
          JsonLine.object()
              .put("userId", session.getKey())
              .putTime("sessionStart", s.first)
              .putTime("sessionEnd", s.last)
              .put("events", s.events)
              .put("purchases", s.purchases)
              .put("revenue", s.revenue)
              .put("converted", s.purchases > 0);
      out.output(KV.of(session.getKey(), PaneLabel.write(json, pane).end()));
    }
  }
}
