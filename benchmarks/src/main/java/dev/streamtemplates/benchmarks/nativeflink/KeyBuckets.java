package dev.streamtemplates.benchmarks.nativeflink;

/**
 * Buckets of string keys, for steps that keep many keys per Flink key: the top bits of a
 * multiplicative hash, so that the keys of one bucket still differ in the low bits of {@code
 * hashCode()}, which the bucket's own hash maps and sets index by.
 */
final class KeyBuckets {
  private KeyBuckets() {}

  /** One of {@code 2^bits} buckets. */
  static int of(String key, int bits) {
    return (key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - bits);
  }
}
