package dev.streamtemplates.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on: they mean little without it. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryGb", totalMemoryGb());
    m.put("cpu", cpuModel());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version")
        + " (" + System.getProperty("os.arch") + ")");
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    return m;
  }

  private static double totalMemoryGb() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0;
    }
    return -1;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
