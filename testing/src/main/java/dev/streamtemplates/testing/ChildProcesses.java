package dev.streamtemplates.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the local services the build starts in their own JVMs (the Kafka broker, the Flink
 * cluster) share: their classpath, resolved at build time into a resource next to their class;
 * free ports; stopping a process; the tail of its log for error messages; a private folder.
 */
public final class ChildProcesses {
  /** How many log lines an error message quotes. */
  public static final int LOG_TAIL_LINES = 40;

  private ChildProcesses() {}

  /**
   * A service's jars: the system property {@code property} if set, else the list the testing
   * module's build wrote into {@code resource} next to {@code owner}. {@code what} names the
   * service in error messages ("the Kafka broker").
   */
  public static List<String> classpath(Class<?> owner, String resource, String property, String what) {
    String text = System.getProperty(property);
    String origin = "-D" + property;
    if (text == null || text.isBlank()) {
      try (InputStream in = owner.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("The classpath of " + what + " is missing: no resource "
              + resource + " next to " + owner.getName() + ". The testing module's build writes it;"
              + " run `mvn -pl testing install` (or pass -D" + property + "=<jars>).");
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        origin = "resource " + owner.getResource(resource);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> jars = Stream.of(text.trim().split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .collect(Collectors.toList());
    Optional<String> missing = jars.stream().filter(j -> !Files.exists(Path.of(j))).findFirst();
    if (jars.isEmpty() || missing.isPresent()) {
      throw new IllegalStateException("The classpath of " + what + " (from " + origin + ") names "
          + (jars.isEmpty() ? "no jars" : "a jar that does not exist: " + missing.get())
          + ". Rebuild it with `mvn -pl testing clean install`.");
    }
    return jars;
  }

  /** Whether nothing listens on {@code port} of the loopback address. */
  public static boolean isPortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Asks the process to stop (SIGTERM: Kafka and Flink shut down cleanly), kills it if it is
   * still alive after {@code grace}, and waits for it to be gone. Returns whether it stopped by
   * itself.
   */
  public static boolean stopProcess(ProcessHandle process, Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (awaitExit(process, grace)) {
      return true;
    }
    process.destroyForcibly();
    awaitExit(process, Duration.ofSeconds(10));
    return false;
  }

  /** Whether the process is gone within {@code timeout}. */
  public static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** Deletes a folder and everything in it; a leftover is not worth failing a test for. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary folder is not worth failing a test for.
    }
  }

  /** The last lines of a log, to put into an error message. */
  public static String logTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "\nLast lines of " + log + ":\n  " + String.join("\n  ",
          lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "\n(no log at " + log + ")";
    }
  }

  /** A small state file a CLI keeps next to a service (pid, address), trimmed; empty if none. */
  public static Optional<String> readFile(Path file) {
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes such a state file, one line. */
  public static void writeFile(Path file, String text) {
    try {
      Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the named state files of {@code dir}, when a service is gone. */
  public static void forget(Path dir, String... files) {
    try {
      for (String file : files) {
        Files.deleteIfExists(dir.resolve(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Nanoseconds left until {@code deadline} (a {@link System#nanoTime()}), at least 1. */
  public static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  /** Sleeps; an interrupt becomes an exception (the caller is waiting for a service). */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
