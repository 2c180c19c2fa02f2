package dev.streamtemplates.transforms.keys;

/**
 * Spreads string ids over a fixed number of buckets, the same way on every worker, in every run
 * and after a restore from a checkpoint: stateful steps key their state by bucket instead of by
 * id, so a runner tracks a bounded number of keys and timers however many ids there are.
 */
public final class StableBuckets {
  private StableBuckets() {}

  /**
   * The bucket of {@code id}, in {@code [0, buckets)}. {@link String#hashCode} is fixed by the
   * language; its bits are mixed (murmur3's finaliser) before the modulo, so ids that differ only
   * in their last characters still spread over every bucket.
   */
  public static int of(String id, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("bucket count must be >= 1, got " + buckets);
    }
    int h = id.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, buckets);
  }

  /**
   * The buckets' keys, {@code prefix + index}, made once: a step keyed by bucket picks
   * {@code names[of(id, names.length)]} instead of building a string per element.
   */
  public static String[] names(String prefix, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("bucket count must be >= 1, got " + buckets);
    }
    String[] names = new String[buckets];
    for (int i = 0; i < buckets; i++) {
      names[i] = prefix + i;
    }
    return names;
  }
}
