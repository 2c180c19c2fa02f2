package dev.streamtemplates.pipelines.runtime;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes {@code mvn exec:java ... --runner=FlinkRunner} work with the embedded Flink cluster.
 *
 * <p>Flink's mini cluster loads a job's classes through the <em>system</em> class loader when the
 * job ships no jars. Under {@code exec:java} (and some IDE launchers) the application lives in a
 * child class loader and the system one holds only Maven's jars, so the job fails with {@code
 * ClassNotFoundException: org.apache.flink.api.common.ExecutionConfig}. In that one case the
 * pipeline is run in a child JVM on the same classpath with the same arguments; output and exit
 * status pass through. With {@code java -cp} or {@code java -jar} nothing changes.
 */
public final class EmbeddedFlinkLauncher {
  static final String PROBE_CLASS = "org.apache.flink.api.common.ExecutionConfig";

  /** Java 17 opens Flink's serializers need (the same list as the pom's flink.jvm.args). */
  static final List<String> JVM_OPENS =
      List.of(
          "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
          "sun.nio.ch", "java.text", "java.time", "java.util", "java.util.concurrent",
          "java.util.concurrent.atomic", "java.util.concurrent.locks");

  private EmbeddedFlinkLauncher() {}

  /**
   * Runs {@code mainClass} in a child JVM if this is an embedded-Flink run that cannot work in
   * this JVM; returns true if it did (the caller then returns).
   *
   * @throws IllegalStateException if the child run fails
   */
  public static boolean runInChildJvmIfNeeded(Class<?> mainClass, String[] args) {
    if (!isEmbeddedFlink(args) || systemLoaderSeesFlink()) {
      return false;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (!(loader instanceof URLClassLoader)) {
      return false; // nothing we can relaunch from; let Flink report its own error
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String pkg : JVM_OPENS) {
      command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    command.add("-cp");
    command.add(classpathOf((URLClassLoader) loader));
    command.add(mainClass.getName());
    command.addAll(Arrays.asList(args));
    System.err.println(
        "[launcher] embedded Flink needs the application on the system classpath;"
            + " running " + mainClass.getSimpleName() + " in a child JVM");
    try {
      Process child = new ProcessBuilder(command).inheritIO().start();
      int status = child.waitFor();
      if (status != 0) {
        throw new IllegalStateException(mainClass.getSimpleName() + " failed with exit status " + status);
      }
      return true;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not start a JVM for embedded Flink", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static boolean isEmbeddedFlink(String[] args) {
    boolean flink = false;
    String master = null;
    for (String arg : args) {
      if (arg.equals("--runner=FlinkRunner") || arg.endsWith(".FlinkRunner")) {
        flink = true;
      } else if (arg.startsWith("--flinkMaster=")) {
        master = arg.substring("--flinkMaster=".length());
      }
    }
    return flink && (master == null || master.equals("[local]") || master.equals("[auto]"));
  }

  private static boolean systemLoaderSeesFlink() {
    try {
      Class.forName(PROBE_CLASS, false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String classpathOf(URLClassLoader loader) {
    List<String> entries = new ArrayList<>();
    for (URL url : loader.getURLs()) {
      try {
        entries.add(Paths.get(url.toURI()).toString());
      } catch (URISyntaxException | IllegalArgumentException e) {
        entries.add(url.getPath());
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
