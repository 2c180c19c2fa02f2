package dev.streamtemplates.io.gcp;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import com.sun.net.httpserver.HttpServer;
import dev.streamtemplates.io.source.ReadRecords;
import dev.streamtemplates.io.source.SourceOptions;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code --source=pubsub} against a local stand-in of Pub/Sub's REST pull API, reached through
 * Beam's own {@code --pubsubRootUrl} (PubsubIO's production JSON client): every message is read
 * once, and a republished copy with the same id attribute is dropped. (Acknowledgements follow
 * the runner's checkpoint finalization; this test does not wait for them.)
 */
public class PubsubSourceTest {
  private static final String SUBSCRIPTION = "projects/test-project/subscriptions/shop-in";
  private static final ConcurrentLinkedQueue<String> READ = new ConcurrentLinkedQueue<>();

  private HttpServer pubsub;
  private final List<String[]> toDeliver = Collections.synchronizedList(new ArrayList<>()); // id, data

  @Before
  public void startStandIn() throws Exception {
    READ.clear();
    pubsub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pubsub.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String response;
      if (path.endsWith(":pull")) {
        StringBuilder messages = new StringBuilder();
        synchronized (toDeliver) {
          for (String[] m : toDeliver) {
            if (messages.length() > 0) {
              messages.append(',');
            }
            messages.append("{\"ackId\":\"ack-").append(m[2]).append("\",\"message\":{\"data\":\"")
                .append(Base64.getEncoder().encodeToString(m[1].getBytes(StandardCharsets.UTF_8)))
                .append("\",\"attributes\":{\"eventId\":\"").append(m[0]).append("\"},\"messageId\":\"")
                .append(m[2]).append("\",\"publishTime\":\"2026-11-23T10:00:00.000Z\"}}");
          }
          toDeliver.clear();
        }
        response = "{\"receivedMessages\":[" + messages + "]}";
      } else if (path.endsWith(":acknowledge") || path.endsWith(":modifyAckDeadline")) {
        response = "{}";
      } else { // GET the subscription
        response = "{\"name\":\"" + SUBSCRIPTION + "\",\"topic\":\"projects/test-project/topics/shop\",\"ackDeadlineSeconds\":60}";
      }
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    pubsub.start();
  }

  @After
  public void stopStandIn() {
    pubsub.stop(0);
  }

  static final class Collect extends DoFn<String, Void> {
    @ProcessElement
    public void process(@Element String line) {
      READ.add(line);
    }
  }

  @Test
  public void everyMessageIsReadOnceAndCopiesOfAnIdAreDropped() throws Exception {
    toDeliver.add(new String[] {"e-1", "{\"eventId\":\"e-1\"}", "1"});
    toDeliver.add(new String[] {"e-2", "{\"eventId\":\"e-2\"}", "2"});
    toDeliver.add(new String[] {"e-1", "{\"eventId\":\"e-1\"}", "3"}); // republished: same id
    toDeliver.add(new String[] {"e-3", "not json", "4"}); // the parser's business: read it as is
    SourceOptions options = PipelineOptionsFactory.fromArgs(
        "--source=pubsub", "--inputSubscription=" + SUBSCRIPTION, "--pubsubIdAttribute=eventId",
        "--pubsubRootUrl=http://127.0.0.1:" + pubsub.getAddress().getPort(), "--project=test-project",
        "--blockOnRun=false").as(SourceOptions.class);
    Pipeline p = Pipeline.create(options);
    p.apply(ReadRecords.from(options, null)).apply(ParDo.of(new Collect()));
    PipelineResult result = p.run();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (READ.size() < 3 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(2_000); // anything extra would show now
    } finally {
      result.cancel();
    }
    assertThat(new ArrayList<>(READ), containsInAnyOrder("{\"eventId\":\"e-1\"}", "{\"eventId\":\"e-2\"}", "not json"));
  }
}
