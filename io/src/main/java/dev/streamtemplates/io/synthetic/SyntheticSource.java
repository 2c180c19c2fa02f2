package dev.streamtemplates.io.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * An unbounded source of generated JSON lines at a steady rate, deterministic under a seed.
 *
 * <p>Record {@code i} has nominal event time {@code start + i / rate}; split {@code s} of {@code
 * n} produces the indices {@code i ≡ s (mod n)}, paced against the wall clock so that event time
 * advances with real time. The pace is anchored where the split first started reading, and the
 * anchor travels in the checkpoint: a runner that closes and reopens readers between bundles (the
 * Direct runner does so dozens of times a minute) does not lose the time in between, and a split
 * that fell behind catches up at full speed, as a consumer works through a backlog (a job
 * restored from an old checkpoint too: it reads what came due meanwhile at full speed).
 *
 * <p>The watermark is the next nominal time minus the generator's out-of-orderness bound. With a
 * maximum count the source ends after the last record: its watermark jumps to the end of time,
 * every window closes, and the run finishes, while the pipeline stays a streaming one (early and
 * late panes behave as in production).
 *
 * <p>{@link #replaying()} drops the pacing: records come as fast as the pipeline takes them, as
 * when a job works through a backlog, while event time still advances by {@code 1 / rate} a
 * record. Benchmarks use it: the rate then sets the event-time density (keys per window), not the
 * speed.
 */
public final class SyntheticSource extends UnboundedSource<String, SyntheticSource.Position>
    implements SyntheticStream {
  private static final long serialVersionUID = 1L;

  private final EventGenerator generator;
  private final double eventsPerSecond;
  private final long maxEvents; // < 0: unbounded
  private final long seed;
  private final long startMillis;
  private final int split;
  private final int splits;
  private final boolean paced;

  public SyntheticSource(
      EventGenerator generator,
      double eventsPerSecond,
      long maxEvents,
      long seed,
      long startMillis) {
    this(generator, eventsPerSecond, maxEvents, seed, startMillis, 0, 1, true);
  }

  /** The same records, generated as fast as they are read (a backlog), not paced by the clock. */
  public SyntheticSource replaying() {
    return new SyntheticSource(
        generator, eventsPerSecond, maxEvents, seed, startMillis, split, splits, false);
  }

  private SyntheticSource(
      EventGenerator generator,
      double eventsPerSecond,
      long maxEvents,
      long seed,
      long startMillis,
      int split,
      int splits,
      boolean paced) {
    if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException("--eventsPerSecond must be > 0, got " + eventsPerSecond);
    }
    this.generator = generator;
    this.eventsPerSecond = eventsPerSecond;
    this.maxEvents = maxEvents;
    this.seed = seed;
    this.startMillis = startMillis;
    this.split = split;
    this.splits = splits;
    this.paced = paced;
  }

  @Override
  public long nominalTimeMillis(long index) {
    return startMillis + (long) Math.floor(index * 1000.0 / eventsPerSecond);
  }

  @Override
  public List<SyntheticSource> split(int desiredNumSplits, PipelineOptions options) {
    int n = Math.max(1, desiredNumSplits);
    if (maxEvents >= 0) {
      n = (int) Math.max(1, Math.min(n, maxEvents));
    }
    List<SyntheticSource> parts = new ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      parts.add(
          new SyntheticSource(
              generator, eventsPerSecond, maxEvents, seed, startMillis, s, n, paced));
    }
    return parts;
  }

  @Override
  public UnboundedReader<String> createReader(PipelineOptions options, Position checkpoint) {
    return checkpoint == null
        ? new Reader(this, 0, Position.NOT_STARTED, 0)
        : new Reader(this, checkpoint.nextLocal, checkpoint.anchorWallMillis, checkpoint.anchorLocal);
  }

  @Override
  public Coder<Position> getCheckpointMarkCoder() {
    return Position.Coder.INSTANCE;
  }

  @Override
  public Coder<String> getOutputCoder() {
    return StringUtf8Coder.of();
  }

  @Override
  public SplittableRandom randomFor(long index) {
    return new SplittableRandom(mix(seed, index));
  }

  /** A stable 64-bit mix of seed and index (SplitMix64's finaliser), for per-record randomness. */
  static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** How far this split has read: the next local record number. */
  public static final class Position implements UnboundedSource.CheckpointMark {
    static final long NOT_STARTED = -1;

    final long nextLocal;
    /**
     * Wall-clock millis at which record {@link #anchorLocal} was due; {@link #NOT_STARTED}
     * before the first read.
     */
    final long anchorWallMillis;
    final long anchorLocal;

    Position(long nextLocal, long anchorWallMillis, long anchorLocal) {
      this.nextLocal = nextLocal;
      this.anchorWallMillis = anchorWallMillis;
      this.anchorLocal = anchorLocal;
    }

    @Override
    public void finalizeCheckpoint() {}

    static final class Coder extends CustomCoder<Position> {
      private static final long serialVersionUID = 1L;
      static final Coder INSTANCE = new Coder();
      /**
       * Leads the encoding since the anchor was added; a position is never negative, so a mark
       * from before (the position alone) still decodes, as not started.
       */
      private static final long WITH_ANCHOR = -2;

      @Override
      public void encode(Position value, OutputStream out) throws IOException {
        VarLongCoder.of().encode(WITH_ANCHOR, out);
        VarLongCoder.of().encode(value.nextLocal, out);
        VarLongCoder.of().encode(value.anchorWallMillis, out);
        VarLongCoder.of().encode(value.anchorLocal, out);
      }

      @Override
      public Position decode(InputStream in) throws IOException {
        long first = VarLongCoder.of().decode(in);
        if (first != WITH_ANCHOR) {
          return new Position(first, NOT_STARTED, 0); // written before the anchor: just a position
        }
        return new Position(
            VarLongCoder.of().decode(in), VarLongCoder.of().decode(in), VarLongCoder.of().decode(in));
      }

      @Override
      public void verifyDeterministic() {}
    }
  }

  static final class Reader extends UnboundedReader<String> {
    private final SyntheticSource source;
    private long nextLocal;
    private long wallStartMillis;
    private long wallStartLocal;
    private GeneratedEvent current;
    private boolean exhausted;

    Reader(SyntheticSource source, long nextLocal, long wallStartMillis, long wallStartLocal) {
      this.source = source;
      this.nextLocal = nextLocal;
      this.wallStartMillis = wallStartMillis;
      this.wallStartLocal = wallStartLocal;
    }

    private long globalIndex(long local) {
      return source.split + local * source.splits;
    }

    @Override
    public boolean start() {
      if (wallStartMillis == Position.NOT_STARTED) {
        wallStartMillis = System.currentTimeMillis();
        wallStartLocal = nextLocal;
      }
      return advance();
    }

    @Override
    public boolean advance() {
      long index = globalIndex(nextLocal);
      if (source.maxEvents >= 0 && index >= source.maxEvents) {
        exhausted = true;
        current = null;
        return false;
      }
      // Pace against the wall clock; catch up at full speed after a stall.
      if (source.paced && !due()) {
        current = null;
        return false;
      }
      current = source.generator.generate(index, source);
      nextLocal++;
      return true;
    }

    private boolean due() {
      double perSplitRate = source.eventsPerSecond / source.splits;
      long dueMillis =
          wallStartMillis + (long) ((nextLocal - wallStartLocal) * 1000.0 / perSplitRate);
      return System.currentTimeMillis() >= dueMillis;
    }

    @Override
    public String getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current.payload();
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return new Instant(current.eventTimeMillis());
    }

    @Override
    public Instant getWatermark() {
      if (exhausted) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      long next = source.nominalTimeMillis(globalIndex(nextLocal));
      return new Instant(next - source.generator.maxOutOfOrderness().getMillis());
    }

    @Override
    public Position getCheckpointMark() {
      return new Position(nextLocal, wallStartMillis, wallStartLocal);
    }

    @Override
    public UnboundedSource<String, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
