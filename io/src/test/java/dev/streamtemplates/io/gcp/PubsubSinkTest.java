package dev.streamtemplates.io.gcp;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.streamtemplates.io.sink.SinkOptions;
import dev.streamtemplates.io.sink.WriteOutput;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code --sink=pubsub} against a local stand-in of Pub/Sub's REST publish call, reached through
 * Beam's own {@code --pubsubRootUrl} (the JSON client PubsubIO uses in production): each output
 * goes to {@code <outputTopic>-<output>}, dead letters to {@code --deadLetterTopic}, with the
 * record as the payload and its key in the {@code key} attribute.
 */
public class PubsubSinkTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private HttpServer pubsub;
  private final List<String> published = Collections.synchronizedList(new ArrayList<>());

  @Before
  public void startStandIn() throws Exception {
    pubsub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pubsub.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath(); // /v1/projects/p/topics/t:publish
      java.io.InputStream in = exchange.getRequestBody();
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new java.util.zip.GZIPInputStream(in); // the Google HTTP client compresses bodies
      }
      JsonNode body = MAPPER.readTree(in);
      List<String> ids = new ArrayList<>();
      for (JsonNode message : body.path("messages")) {
        String data = new String(Base64.getDecoder().decode(message.get("data").textValue()), StandardCharsets.UTF_8);
        published.add(path.replace("/v1/", "").replace(":publish", "") + " key=" + message.path("attributes").path("key").asText() + " " + data);
        ids.add("\"" + published.size() + "\"");
      }
      byte[] response = ("{\"messageIds\":[" + String.join(",", ids) + "]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, response.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    });
    pubsub.start();
  }

  @After
  public void stopStandIn() {
    pubsub.stop(0);
  }

  @Test
  public void eachOutputGoesToItsTopicWithItsKeyAsAnAttribute() {
    SinkOptions options = PipelineOptionsFactory.fromArgs(
        "--sink=pubsub", "--outputTopic=projects/test-project/topics/shop-out",
        "--deadLetterTopic=projects/test-project/topics/shop-bad",
        "--pubsubRootUrl=http://127.0.0.1:" + pubsub.getAddress().getPort(), "--project=test-project")
        .as(SinkOptions.class);
    Pipeline p = Pipeline.create(options);
    p.apply("Orders", Create.of(KV.of("o-1", "{\"orderId\":\"o-1\"}"), KV.of("o-2", "{\"orderId\":\"o-2\"}")))
        .apply("WriteOrders", WriteOutput.named("shop", "orders", options));
    p.apply("Bad", Create.of(KV.of("shop", "{\"error\":\"not JSON\"}")))
        .apply("WriteBad", WriteOutput.named("shop", "dead-letter", options));
    assertThat(p.run().waitUntilFinish(), is(PipelineResult.State.DONE));
    assertThat(published, containsInAnyOrder(
        "projects/test-project/topics/shop-out-orders key=o-1 {\"orderId\":\"o-1\"}",
        "projects/test-project/topics/shop-out-orders key=o-2 {\"orderId\":\"o-2\"}",
        "projects/test-project/topics/shop-bad key=shop {\"error\":\"not JSON\"}"));
  }
}
