package dev.streamtemplates.pipelines.recommendations;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/** Users and items share a fixed number of state keys, evenly, and always the same one. */
public class KeyBucketsTest {
  @Test
  public void sequentialIdsSpreadEvenlyOverEveryBucketAndKeepTheirBucket() {
    KeyBuckets buckets = KeyBuckets.of(16);
    Map<String, Integer> sizes = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      String user = "u-" + i;
      assertThat(buckets.of(user), is(KeyBuckets.of(16).of(user))); // stable across instances
      sizes.merge(buckets.of(user), 1, Integer::sum);
    }
    assertThat(sizes.size(), is(16)); // every bucket used, and no other key
    for (int size : sizes.values()) {
      assertThat(Math.abs(size - 2_000 / 16), lessThan(2_000 / 16 / 4)); // within 25% of even
    }
    assertThat(KeyBuckets.of(1).of("anything"), is(KeyBuckets.of(1).of("else")));
  }
}
