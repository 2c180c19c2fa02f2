package dev.streamtemplates.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.streamtemplates.testing.flink.FlinkCluster;
import dev.streamtemplates.testing.flink.FlinkClusterCli;
import dev.streamtemplates.testing.flink.FlinkRest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * {@code make flink-up} and {@code make flink-down}: a cluster that outlives the command, found
 * again by {@code status} and {@code down}, and plain messages when it cannot start.
 */
public class FlinkClusterCliIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(300);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final FlinkClusterCli cli = new FlinkClusterCli(
      new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  public void upLeavesAClusterRunningUntilDown() throws IOException {
    Path dir = tmp.getRoot().toPath().resolve("flink");
    String port = Integer.toString(freePort());
    try {
      assertThat(err(), cli.run(new String[] {"up", "--port", port, "--taskmanagers", "2",
          "--dir", dir.toString()}), equalTo(0));
      assertThat(output(), containsString("is up: web UI and REST on http://localhost:" + port));
      FlinkRest rest = new FlinkRest("localhost:" + port);
      assertThat(rest.overview().path("taskmanagers").asInt(), is(2));
      assertThat(rest.overview().path("slots-total").asInt(), is(4));
      assertThat(Files.exists(dir.resolve("log").resolve("jobmanager.log")), is(true));
      assertThat(Files.exists(dir.resolve("log").resolve("taskmanager-2.log")), is(true));
      assertThat(Files.exists(dir.resolve("conf").resolve("config.yaml")), is(true));

      assertThat(cli.run(new String[] {"up", "--port", port, "--dir", dir.toString()}),
          equalTo(0));
      assertThat(output(), containsString("already running"));
      assertThat(err(), cli.run(new String[] {"status", "--dir", dir.toString()}), equalTo(0));
      assertThat(output(), containsString("2 TaskManager(s), 4 of 4 slots free"));

      List<Long> pids = pids(dir);
      assertThat(err(), cli.run(new String[] {"down", "--dir", dir.toString()}), equalTo(0));
      assertThat(output(), containsString("Flink stopped"));
      for (long pid : pids) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), is(false));
      }
      assertThat(rest.answers(), is(false));
      assertThat(cli.run(new String[] {"down", "--dir", dir.toString()}), equalTo(0));
      assertThat(output(), containsString("No Flink cluster is running"));
    } finally {
      // A detached cluster has no shutdown hook: never leave one behind a failed assertion.
      if (Files.exists(dir.resolve("cluster.pids"))) {
        cli.run(new String[] {"down", "--dir", dir.toString()});
      }
    }
  }

  @Test
  public void upOnATakenPortSaysSoAndWhatToDo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = cli.run(new String[] {"up", "--port", Integer.toString(taken.getLocalPort()),
          "--dir", tmp.getRoot().toPath().resolve("flink").toString()});
      assertThat(code, equalTo(1));
      String message = err();
      assertThat(message, containsString("Port " + taken.getLocalPort()
          + " on localhost is already in use"));
      assertThat(message, containsString("FLINK_PORT=" + (taken.getLocalPort() + 1)));
    }
  }

  @Test
  public void upWithoutItsJarsSaysWhichIsMissing() throws IOException {
    String before = System.getProperty(FlinkCluster.CLASSPATH_PROPERTY);
    System.setProperty(FlinkCluster.CLASSPATH_PROPERTY, "/nowhere/flink-runtime.jar");
    try {
      int code = cli.run(new String[] {"up", "--port", Integer.toString(freePort()),
          "--dir", tmp.getRoot().toPath().resolve("flink").toString()});
      assertThat(code, equalTo(1));
      String message = err();
      assertThat(message, containsString("Flink did not start: The classpath of the Flink cluster"));
      assertThat(message, containsString("names a jar that does not exist: /nowhere/flink-runtime.jar"));
    } finally {
      if (before == null) {
        System.clearProperty(FlinkCluster.CLASSPATH_PROPERTY);
      } else {
        System.setProperty(FlinkCluster.CLASSPATH_PROPERTY, before);
      }
    }
  }

  private static List<Long> pids(Path dir) throws IOException {
    return Files.readAllLines(dir.resolve("cluster.pids")).stream().map(String::trim)
        .filter(l -> !l.isEmpty()).map(Long::parseLong).collect(Collectors.toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
    String text = err.toString(StandardCharsets.UTF_8);
    err.reset();
    return text;
  }
}
