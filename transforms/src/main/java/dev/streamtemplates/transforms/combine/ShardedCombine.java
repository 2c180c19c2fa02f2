package dev.streamtemplates.transforms.combine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * {@code Combine.globally} for windowed, triggered streams, in stages, so that no single key
 * buffers a whole window and no element passes through a triggered grouping on its own.
 *
 * <p>A global combine groups every element of a window under one key. Runners that lift combiners
 * (Dataflow) combine before the shuffle; the Flink runner, in streaming, sends every element
 * through the trigger's state machine; the Direct runner does not lift at all, so that key's
 * state is the window's every element, and it deep-copies that state for each bundle it
 * processes: quadratic in the window's size. Here:
 *
 * <ol>
 *   <li>each bundle's elements are combined window by window (lifting, done in the pipeline so
 *       that every runner gets it), and each window's partial accumulator goes to one of {@code
 *       shards} keys (chosen per bundle, as Beam's hot key fan-out does), stamped with the
 *       earliest timestamp it holds (the latest, for a {@code LATEST} timestamp combiner);
 *   <li>a shard forwards the partials it received about once a second ({@link #FORWARD_AFTER} of
 *       processing time after its first, then on time, then for each late one), in discarding
 *       mode: each holds only what is new;
 *   <li>the partials are merged under the input's own windowing strategy, trigger and accumulation
 *       mode, so the panes the caller sees are the ones a plain {@code Combine.globally} would
 *       give: early every period, on time, late within the allowed lateness.
 * </ol>
 *
 * <p>Unlike {@code Combine.globally(fn).withFanout(n)}, the final stage keeps the caller's trigger
 * rather than Beam's continuation trigger (synchronized processing time), which TestStream cannot
 * drive: early panes stay testable. The price is that an early pane can come up to {@link
 * #FORWARD_AFTER} later. Bounded input, where there are no early panes, and merging windows
 * (sessions, whose partials could not be merged window by window) are combined in one stage.
 *
 * <p>What the caller's combine must allow: {@code mergeAccumulators} may change its first
 * accumulator only (a later stage merges each partial into its running accumulator, and a partial
 * is an input element, which must not change). A trigger that counts elements counts partials
 * after the first stage, not the caller's elements: late elements that arrive in one bundle make
 * one late pane. The pipelines' triggers (watermark, processing time, one element for late panes)
 * mean the same otherwise.
 */
public final class ShardedCombine<InputT, AccumT, OutputT>
    extends PTransform<PCollection<InputT>, PCollection<OutputT>> {
  /** Enough to spread a global combine over a few workers and keep each shard's state small. */
  public static final int DEFAULT_SHARDS = 16;

  /** How long a shard holds new input before forwarding it as a partial. */
  public static final Duration FORWARD_AFTER = Duration.standardSeconds(1);

  private final CombineFn<InputT, AccumT, OutputT> fn;
  private final int shards;

  private ShardedCombine(CombineFn<InputT, AccumT, OutputT> fn, int shards) {
    this.fn = fn;
    this.shards = shards;
  }

  /**
   * Combines every element of each window into one output per pane, as {@code
   * Combine.globally(fn).withoutDefaults()} does.
   */
  public static <InputT, AccumT, OutputT> ShardedCombine<InputT, AccumT, OutputT> globally(
      CombineFn<InputT, AccumT, OutputT> fn) {
    return new ShardedCombine<>(fn, DEFAULT_SHARDS);
  }

  public ShardedCombine<InputT, AccumT, OutputT> withShards(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    }
    return new ShardedCombine<>(fn, shards);
  }

  @Override
  public PCollection<OutputT> expand(PCollection<InputT> input) {
    WindowingStrategy<?, ?> strategy = input.getWindowingStrategy();
    if (input.isBounded() == PCollection.IsBounded.BOUNDED
        || !strategy.getWindowFn().isNonMerging()
        || shards == 1) {
      return input.apply("Combine", Combine.globally(fn).withoutDefaults());
    }
    Coder<AccumT> accumulatorCoder = accumulatorCoder(input);
    PCollection<AccumT> partials =
        input
            .apply(
                "CombinePerBundle",
                ParDo.of(new CombinePerBundleFn<>(fn, shards, strategy.getTimestampCombiner())))
            .setCoder(KvCoder.of(VarIntCoder.of(), accumulatorCoder))
            .apply(
                "ForwardPartials",
                Window.<KV<Integer, AccumT>>configure()
                    .triggering(
                        AfterWatermark.pastEndOfWindow()
                            .withEarlyFirings(
                                AfterProcessingTime.pastFirstElementInPane()
                                    .plusDelayOf(FORWARD_AFTER))
                            .withLateFirings(AfterPane.elementCountAtLeast(1)))
                    .discardingFiredPanes()
                    .withAllowedLateness(
                        strategy.getAllowedLateness(), Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
                    .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY)
                    .withTimestampCombiner(strategy.getTimestampCombiner()))
            .apply(
                "CombineShard",
                Combine.perKey(new MergePartialsFn<>(fn, accumulatorCoder)))
            .setCoder(KvCoder.of(VarIntCoder.of(), accumulatorCoder))
            .apply("DropShard", Values.create());
    Window<AccumT> callersWindowing =
        Window.<AccumT>configure()
            .triggering(strategy.getTrigger())
            .withAllowedLateness(strategy.getAllowedLateness(), strategy.getClosingBehavior())
            .withOnTimeBehavior(strategy.getOnTimeBehavior())
            .withTimestampCombiner(strategy.getTimestampCombiner());
    callersWindowing =
        strategy.getMode() == WindowingStrategy.AccumulationMode.ACCUMULATING_FIRED_PANES
            ? callersWindowing.accumulatingFiredPanes()
            : callersWindowing.discardingFiredPanes();
    return partials
        .apply("CallersTrigger", callersWindowing)
        .apply(
            "MergePartials",
            Combine.globally(new MergeFn<>(fn, input.getCoder(), accumulatorCoder))
                .withoutDefaults());
  }

  private Coder<AccumT> accumulatorCoder(PCollection<InputT> input) {
    try {
      return fn.getAccumulatorCoder(input.getPipeline().getCoderRegistry(), input.getCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException(
          "ShardedCombine: " + fn.getClass().getSimpleName() + " has no accumulator coder", e);
    }
  }

  /**
   * Combines each bundle's elements window by window, as a runner that lifts combiners does before
   * a shuffle, and sends each window's partial to one shard, picked at random per bundle (as Beam's
   * hot key fan-out does). A partial leaves when the bundle finishes, in its window, stamped with
   * the earliest timestamp it holds (the latest for a {@code LATEST} timestamp combiner, so that
   * the caller's combiner gives the timestamp a one-stage combine would): runners do not move the
   * watermark past a bundle in progress, and lateness goes by the window. So the steps downstream
   * handle one element per window and bundle, not one per input element.
   */
  static final class CombinePerBundleFn<InputT, AccumT>
      extends DoFn<InputT, KV<Integer, AccumT>> {
    private final CombineFn<InputT, AccumT, ?> fn;
    private final int shards;
    /** A partial is stamped with its latest timestamp for a LATEST combiner, else its earliest. */
    private final boolean latest;
    private transient Map<BoundedWindow, Partial<AccumT>> partials;

    CombinePerBundleFn(CombineFn<InputT, AccumT, ?> fn, int shards, TimestampCombiner combiner) {
      this.fn = fn;
      this.shards = shards;
      this.latest = combiner == TimestampCombiner.LATEST;
    }

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element InputT element, @Timestamp Instant timestamp, BoundedWindow window) {
      Partial<AccumT> partial = partials.get(window);
      if (partial == null) {
        partial = new Partial<>(fn.createAccumulator(), timestamp);
        partials.put(window, partial);
      } else if (latest ? timestamp.isAfter(partial.stamp) : timestamp.isBefore(partial.stamp)) {
        partial.stamp = timestamp;
      }
      partial.accumulator = fn.addInput(partial.accumulator, element);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      int shard = ThreadLocalRandom.current().nextInt(shards);
      for (Map.Entry<BoundedWindow, Partial<AccumT>> entry : partials.entrySet()) {
        Partial<AccumT> partial = entry.getValue();
        context.output(KV.of(shard, partial.accumulator), partial.stamp, entry.getKey());
      }
      partials = new HashMap<>();
    }
  }

  /** One window's accumulator in a bundle, and the timestamp it goes out with. */
  private static final class Partial<AccumT> {
    AccumT accumulator;
    Instant stamp;

    Partial(AccumT accumulator, Instant stamp) {
      this.accumulator = accumulator;
      this.stamp = stamp;
    }
  }

  /** The caller's combine, whose inputs are partial accumulators; its output is the subclass's. */
  abstract static class OverPartialsFn<AccumT, OutputT> extends CombineFn<AccumT, AccumT, OutputT> {
    private final CombineFn<?, AccumT, ?> fn;
    private final Coder<AccumT> accumulatorCoder;

    OverPartialsFn(CombineFn<?, AccumT, ?> fn, Coder<AccumT> accumulatorCoder) {
      this.fn = fn;
      this.accumulatorCoder = accumulatorCoder;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT accumulator, AccumT partial) {
      return fn.mergeAccumulators(Arrays.asList(accumulator, partial)); // may merge in place
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> partialCoder) {
      return accumulatorCoder;
    }
  }

  /** A shard's stage: its partials merged into one, still a partial. */
  static final class MergePartialsFn<AccumT> extends OverPartialsFn<AccumT, AccumT> {
    private final Coder<AccumT> accumulatorCoder;

    MergePartialsFn(CombineFn<?, AccumT, ?> fn, Coder<AccumT> accumulatorCoder) {
      super(fn, accumulatorCoder);
      this.accumulatorCoder = accumulatorCoder;
    }

    @Override
    public AccumT extractOutput(AccumT accumulator) {
      return accumulator;
    }

    @Override
    public Coder<AccumT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> partialCoder) {
      return accumulatorCoder;
    }
  }

  /** The last stage: every partial of the pane merged, and the caller's output extracted. */
  static final class MergeFn<InputT, AccumT, OutputT> extends OverPartialsFn<AccumT, OutputT> {
    private final CombineFn<InputT, AccumT, OutputT> fn;
    private final Coder<InputT> inputCoder;

    MergeFn(
        CombineFn<InputT, AccumT, OutputT> fn,
        Coder<InputT> inputCoder,
        Coder<AccumT> accumulatorCoder) {
      super(fn, accumulatorCoder);
      this.fn = fn;
      this.inputCoder = inputCoder;
    }

    @Override
    public OutputT extractOutput(AccumT accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public Coder<OutputT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> partialCoder)
        throws CannotProvideCoderException {
      return fn.getDefaultOutputCoder(registry, inputCoder);
    }
  }
}
