package dev.streamtemplates.testing.kafka;

import dev.streamtemplates.testing.ChildProcesses;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KafkaBrokerCliTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final KafkaBrokerCli cli = new KafkaBrokerCli(
      new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  public void upLeavesABrokerRunningUntilDown() throws IOException {
    Path dir = tmp.getRoot().toPath().resolve("kafka");
    String port = Integer.toString(freePort());
    try {
      assertThat(err(), cli.run(new String[] {"up", "--port", port, "--dir", dir.toString()}),
          equalTo(0));
      assertThat(output(), containsString("bootstrap servers 127.0.0.1:" + port));
      long pid = Long.parseLong(Files.readString(dir.resolve("broker.pid")).trim());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), is(true));

      assertThat(cli.run(new String[] {"up", "--port", port, "--dir", dir.toString()}),
          equalTo(0));
      assertThat(output(), containsString("already running"));
      assertThat(err(), cli.run(new String[] {"topics", "create", "orders", "2", "--dir",
          dir.toString()}), equalTo(0));
      assertThat(output(), containsString("Created topic orders with 2 partitions"));

      assertThat(err(), cli.run(new String[] {"down", "--dir", dir.toString()}), equalTo(0));
      assertThat(output(), containsString("Kafka stopped (pid " + pid + ")"));
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), is(false));
      assertThat(ChildProcesses.isPortFree(Integer.parseInt(port)), is(true));
      assertThat(Files.exists(dir.resolve("broker.pid")), is(false));

      assertThat(cli.run(new String[] {"down", "--dir", dir.toString()}), equalTo(0));
      assertThat(output(), containsString("No Kafka broker is running"));
    } finally {
      // A detached broker has no shutdown hook: never leave one behind a failed assertion.
      KafkaBrokerCli.runningBroker(dir)
          .ifPresent(p -> ChildProcesses.stopProcess(p, KafkaBroker.STOP_TIMEOUT));
    }
  }

  @Test
  public void upOnATakenPortSaysSo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      int code = cli.run(new String[] {"up", "--port", Integer.toString(taken.getLocalPort()),
          "--dir", tmp.getRoot().toPath().resolve("kafka").toString()});
      assertThat(code, equalTo(1));
      assertThat(err(), containsString("Port " + taken.getLocalPort()
          + " on 127.0.0.1 is already in use"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Everything printed so far, then forgets it. */
  private String output() {
    String text = out.toString(StandardCharsets.UTF_8);
    out.reset();
    return text;
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
