package dev.streamtemplates.transforms.topk;

import dev.streamtemplates.transforms.combine.ShardedCombine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Per window, the {@code k} keys with the highest summed score: score descending, then key
 * ascending, so ties are cut the same way on every runner and in every arrival order.
 *
 * <p>Input: {@code (key, score)} pairs in the caller's windows. Summing and ranking happen in one
 * combiner, so partial sums are combined before the shuffle ({@link ShardedCombine}: in shards
 * first, then merged), and every pane (early, on-time, late) is a complete, consistent ranking
 * rather than a ranking of partial counts.
 */
public final class TopKBySum
    extends PTransform<PCollection<KV<String, Long>>, PCollection<List<KV<String, Long>>>> {

  /** Score descending, then key ascending. */
  public static final Comparator<KV<String, Long>> RANKING =
      Comparator.<KV<String, Long>>comparingLong(KV::getValue)
          .reversed()
          .thenComparing(KV::getKey);

  private final int k;

  private TopKBySum(int k) {
    this.k = k;
  }

  public static TopKBySum of(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
    return new TopKBySum(k);
  }

  @Override
  public PCollection<List<KV<String, Long>>> expand(PCollection<KV<String, Long>> scores) {
    return scores
        .apply("SumAndRank", ShardedCombine.globally(new SumAndRankFn(k)))
        .setCoder(ListCoder.of(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
  }

  /** The ranking itself, for callers that already hold sums. */
  public static List<KV<String, Long>> top(Map<String, Long> sums, int k) {
    PriorityQueue<KV<String, Long>> worstFirst = new PriorityQueue<>(k + 1, RANKING.reversed());
    for (Map.Entry<String, Long> e : sums.entrySet()) {
      KV<String, Long> candidate = KV.of(e.getKey(), e.getValue());
      if (worstFirst.size() < k) {
        worstFirst.add(candidate);
      } else if (RANKING.compare(candidate, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(candidate);
      }
    }
    List<KV<String, Long>> ranked = new ArrayList<>(worstFirst);
    ranked.sort(RANKING);
    return ranked;
  }

  static final class SumAndRankFn
      extends Combine.CombineFn<KV<String, Long>, Map<String, Long>, List<KV<String, Long>>> {
    private final int k;

    SumAndRankFn(int k) {
      this.k = k;
    }

    @Override
    public Map<String, Long> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Long> addInput(Map<String, Long> sums, KV<String, Long> input) {
      sums.merge(input.getKey(), input.getValue(), Long::sum);
      return sums;
    }

    @Override
    public Map<String, Long> mergeAccumulators(Iterable<Map<String, Long>> accumulators) {
      Iterator<Map<String, Long>> it = accumulators.iterator();
      if (!it.hasNext()) {
        return createAccumulator();
      }
      Map<String, Long> merged = it.next(); // merged in place: costs the others' size only
      while (it.hasNext()) {
        for (Map.Entry<String, Long> e : it.next().entrySet()) {
          merged.merge(e.getKey(), e.getValue(), Long::sum);
        }
      }
      return merged;
    }

    @Override
    public List<KV<String, Long>> extractOutput(Map<String, Long> sums) {
      return top(sums, k);
    }

    @Override
    public Coder<Map<String, Long>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<String, Long>> inputCoder)
        throws CannotProvideCoderException {
      return MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    }
  }
}
