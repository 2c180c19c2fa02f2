package dev.streamtemplates.pipelines.recommendations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Adds up a key's {@link ItemUpdate}s: the counts ({@code NEIGHBOURS} or {@code SCORES}) and,
 * apart, the items a user interacted with. Partial sums combine before the shuffle; with
 * accumulating panes every pane holds the sums of all changes so far.
 */
final class ChangeSums extends Combine.CombineFn<ItemUpdate, ChangeSums.Sums, ChangeSums.Sums> {

  /** Counts by item, and the items interacted with (for users). */
  static final class Sums {
    final Map<String, Long> counts;
    final Map<String, Long> interacted;

    Sums(Map<String, Long> counts, Map<String, Long> interacted) {
      this.counts = counts;
      this.interacted = interacted;
    }

    /** Items with a count of at least 1 that are not among those interacted with. */
    Map<String, Long> candidates() {
      Map<String, Long> candidates = new HashMap<>();
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        if (e.getValue() >= 1 && !interacted.containsKey(e.getKey())) {
          candidates.put(e.getKey(), e.getValue());
        }
      }
      return candidates;
    }
  }

  @Override
  public Sums createAccumulator() {
    return new Sums(new HashMap<>(), new HashMap<>());
  }

  @Override
  public Sums addInput(Sums sums, ItemUpdate update) {
    if (update.kind() == ItemUpdate.Kind.INTERACTED) {
      sums.interacted.putAll(update.changes());
    } else {
      ItemUpdate.addInto(sums.counts, update.changes());
    }
    return sums;
  }

  @Override
  public Sums mergeAccumulators(Iterable<Sums> accumulators) {
    Sums merged = null;
    for (Sums sums : accumulators) {
      if (merged == null) {
        merged = sums;
      } else {
        ItemUpdate.addInto(merged.counts, sums.counts);
        merged.interacted.putAll(sums.interacted);
      }
    }
    return merged == null ? createAccumulator() : merged;
  }

  @Override
  public Sums extractOutput(Sums sums) {
    return sums;
  }

  @Override
  public Coder<Sums> getAccumulatorCoder(CoderRegistry registry, Coder<ItemUpdate> inputCoder)
      throws CannotProvideCoderException {
    return SumsCoder.INSTANCE;
  }

  @Override
  public Coder<Sums> getDefaultOutputCoder(CoderRegistry registry, Coder<ItemUpdate> inputCoder) {
    return SumsCoder.INSTANCE;
  }

  static final class SumsCoder extends CustomCoder<Sums> {
    private static final long serialVersionUID = 1L;
    static final SumsCoder INSTANCE = new SumsCoder();

    @Override
    public void encode(Sums sums, OutputStream out) throws IOException {
      ItemUpdate.Coder.encodeChanges(sums.counts, out);
      ItemUpdate.Coder.encodeChanges(sums.interacted, out);
    }

    @Override
    public Sums decode(InputStream in) throws IOException {
      return new Sums(ItemUpdate.Coder.decodeChanges(in), ItemUpdate.Coder.decodeChanges(in));
    }
  }
}
