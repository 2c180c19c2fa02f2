package dev.streamtemplates.transforms.topk;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class TopKBySumTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void tiesAtTheCutAreBrokenByKeyAscending() {
    assertThat(
        TopKBySum.top(Map.of("c", 5L, "a", 5L, "b", 5L, "z", 9L, "d", 1L), 3),
        contains(KV.of("z", 9L), KV.of("a", 5L), KV.of("b", 5L)));
  }

  @Test
  public void fewerKeysThanKGivesAllOfThem() {
    assertThat(TopKBySum.top(Map.of("a", 1L), 10), contains(KV.of("a", 1L)));
  }

  @Test
  public void sumsAcrossInputsBeforeRanking() {
    PCollection<List<KV<String, Long>>> top =
        p.apply(Create.of(KV.of("p", 1L), KV.of("q", 1L), KV.of("q", 1L), KV.of("p", 1L), KV.of("p", 1L),
                KV.of("r", 2L), KV.of("s", 2L))
            .withCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .apply(TopKBySum.of(3));
    PAssert.thatSingleton(top).isEqualTo(List.of(KV.of("p", 3L), KV.of("q", 2L), KV.of("r", 2L)));
    p.run();
  }
}
