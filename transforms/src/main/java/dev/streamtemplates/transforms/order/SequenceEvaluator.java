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

  /** Results of one evaluation. */
  interface Results<O> {
    /**
     * Emits {@code result} under {@code kind} (0 to 62). If this element already emitted that kind
     * in an earlier evaluation, this one is dropped: a result once written is never repeated.
     */
    void emit(int kind, O result);
  }
}
