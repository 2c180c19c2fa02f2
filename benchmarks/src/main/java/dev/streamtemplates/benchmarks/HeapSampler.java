package dev.streamtemplates.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The live heap of a long run: every {@code bench.heapSampleSec} seconds a full collection, then
 * the heap in use, keeping the largest. With Flink's heap state backend, state lives there: a run
 * whose state is bounded by timers shows the same maximum however long it runs.
 */
final class HeapSampler {
  static final String PROPERTY = "bench.heapSampleSec";

  private final Thread thread;
  private volatile long maxBytes;
  private volatile boolean running = true;

  private HeapSampler(long everyMillis) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                  return;
                }
                sample(memory);
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample(MemoryMXBean memory) {
    System.gc();
    maxBytes = Math.max(maxBytes, memory.getHeapMemoryUsage().getUsed());
  }

  /** A sampler when {@code -Dbench.heapSampleSec} is set, else null. */
  static HeapSampler startIfAsked() {
    String every = System.getProperty(PROPERTY);
    return every == null ? null : new HeapSampler(Long.parseLong(every) * 1000);
  }

  /** Stops sampling after a last sample; the largest live heap seen, in MiB. */
  long stop() {
    running = false;
    thread.interrupt();
    sample(ManagementFactory.getMemoryMXBean());
    return maxBytes / (1024 * 1024);
  }
}
