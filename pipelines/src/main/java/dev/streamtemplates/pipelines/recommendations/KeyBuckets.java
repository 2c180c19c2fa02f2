package dev.streamtemplates.pipelines.recommendations;

import dev.streamtemplates.transforms.keys.StableBuckets;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Spreads many keys (users, items) over a fixed number of state keys, the buckets. A stateful
 * stage keyed by bucket keeps one map of its keys' state and one pair of flush timers per bucket
 * and window instead of per key: runners whose cost grows with the number of keys holding timers
 * (the Direct runner scans them all whenever a watermark moves) then do a bounded amount of timer
 * work, however many users and items there are. The price is that each flush reads and writes the
 * whole bucket's map, and that a stage has at most this many keys to spread over workers.
 */
final class KeyBuckets implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The buckets' keys ("b0", "b1", ...), made once rather than per element. */
  private final String[] names;

  private KeyBuckets(int count) {
    this.names = StableBuckets.names("b", count);
  }

  static KeyBuckets of(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("bucket count must be > 0, got " + count);
    }
    return new KeyBuckets(count);
  }

  /**
   * The bucket's key: a string, so that runners hashing encoded keys (Flink) spread the few
   * buckets as evenly as they spread ids.
   */
  String of(String key) {
    return names[StableBuckets.of(key, names.length)];
  }

  /** {@code (key, value)} to {@code (bucket, (key, value))}. */
  <V> DoFn<KV<String, V>, KV<String, KV<String, V>>> assign() {
    return new AssignFn<>(this);
  }

  private static final class AssignFn<V> extends DoFn<KV<String, V>, KV<String, KV<String, V>>> {
    private final KeyBuckets buckets;

    AssignFn(KeyBuckets buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(@Element KV<String, V> element, OutputReceiver<KV<String, KV<String, V>>> out) {
      out.output(KV.of(buckets.of(element.getKey()), element));
    }
  }
}
