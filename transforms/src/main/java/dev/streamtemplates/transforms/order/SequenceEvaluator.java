package dev.streamtemplates.transforms.order;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * The domain half of {@link OrderByEventTime}: what to conclude about one element of a key, given
 * that key's elements in event-time order.
 *
 * @param <V> the elements
 * @param <O> the results (alerts, anomalies, ...)
 */
public interface SequenceEvaluator<V, O> extends Serializable {

  /**
   * Evaluates {@code sequence.get(current)}.
   *
   * <p>{@code sequence} is the key's retained history in event-time order, ties broken by the
   * transform's comparator. Elements before {@code current} are earlier. Elements after it with
   * the same timestamp are simultaneous with it and may be counted (a rule over {@code (t - w, t]}
   * includes them); elements after it with a later timestamp are its future: a rule must not look
   * at them, or its results would depend on when they arrived.
   *
   * @param late true when this evaluation happens after later elements of the key were already
   *     evaluated: the element arrived behind the watermark, or an earlier element did and this
   *     one is being evaluated again against its corrected history
   * @param out where results go, each under a kind (a rule), at most one per kind and element
   */
  void evaluate(
      String key,
      List<TimestampedValue<V>> sequence,
      int current,
      boolean late,
      Results<O> out);

  /**
   * Called when the key has had no element for longer than the transform's idle timeout: the
   * watermark has passed the newest element ({@code sequence.get(sequence.size() - 1)}) by more
   * than the timeout. {@code out.emit} attaches results to that newest element. Nothing by
   * default.
   */
  default void onIdle(String key, List<TimestampedValue<V>> sequence, Results<O> out) {}

  /** Results of one evaluation. */
  interface Results<O> {
    /**
     * Emits {@code result} under {@code kind} (0 to 62). If this element already emitted that kind
     * in an earlier evaluation, this one is dropped: a result once written is never repeated.
     */
    void emit(int kind, O result);

    /**
     * Emits a result that belongs to an earlier element of the sequence ({@code index}), under the
     * same once-per-kind rule as {@link #emit}: e.g. a gap after it, found only now.
     */
    void emitFor(int index, int kind, O result);
  }
}
