package dev.streamtemplates.testing.kafka;

import dev.streamtemplates.testing.ChildProcesses;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.Test;

public class KafkaBrokerTest {

  @Test
  public void recordsProducedOverThreePartitionsAreAllReadBack() {
    List<Map.Entry<String, String>> sent = IntStream.range(0, 100)
        .mapToObj(i -> Map.entry("key-" + i, "{\"n\":" + i + "}"))
        .collect(Collectors.toList());
    long pid;
    int port;
    Path dir;
    try (KafkaBroker kafka = KafkaBroker.start()) {
      pid = kafka.pid();
      port = kafka.port();
      dir = kafka.dir();
      assertThat(kafka.bootstrapServers(), equalTo("127.0.0.1:" + port));

      kafka.createTopic("events", 3);
      assertThat(kafka.topics().get("events"), equalTo(3));
      kafka.produce("events", sent, r -> Integer.parseInt(r.getKey().substring(4)) % 3);

      List<ConsumerRecord<String, String>> read = kafka.consumeAll("events");
      assertThat(read.stream().map(r -> Map.entry(r.key(), r.value())).collect(Collectors.toList()),
          containsInAnyOrder(sent.toArray()));
      Set<Integer> partitions = read.stream().map(ConsumerRecord::partition)
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(partitions, equalTo(Set.of(0, 1, 2)));
      assertThat(kafka.consumeAll("events", 100, Duration.ofSeconds(10)).size(), equalTo(100));
    }
    assertThat("broker process is gone",
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), is(false));
    assertThat("port " + port + " is free", ChildProcesses.isPortFree(port), is(true));
    assertThat("temporary folder is deleted", Files.exists(dir), is(false));
  }
}
