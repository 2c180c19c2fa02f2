package dev.streamtemplates.pipelines.iot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * count, min, max, mean and population stddev in one pass. Welford's update per value and Chan's
 * merge of partial results keep the variance stable where the textbook sum of squares cancels
 * catastrophically (1e9 + small noise).
 */
final class SensorStatsFn extends Combine.CombineFn<Double, SensorStatsFn.Stats, SensorStatsFn.Stats> {
  private static final long serialVersionUID = 1L;

  static final class Stats {
    long count;
    double mean;
    double m2; // sum of squared distances from the mean
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(double value) {
      count++;
      double delta = value - mean;
      mean += delta / count;
      m2 += delta * (value - mean);
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    void merge(Stats other) {
      if (other.count == 0) {
        return;
      }
      if (count == 0) {
        count = other.count;
        mean = other.mean;
        m2 = other.m2;
        min = other.min;
        max = other.max;
        return;
      }
      long n = count + other.count;
      double delta = other.mean - mean;
      mean += delta * other.count / n;
      m2 += other.m2 + delta * delta * ((double) count * other.count / n);
      count = n;
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
    }

    double stddev() {
      return count == 0 ? 0 : Math.sqrt(Math.max(0, m2 / count));
    }
  }

  @Override
  public Stats createAccumulator() {
    return new Stats();
  }

  @Override
  public Stats addInput(Stats stats, Double value) {
    stats.add(value);
    return stats;
  }

  @Override
  public Stats mergeAccumulators(Iterable<Stats> all) {
    Stats merged = new Stats();
    for (Stats stats : all) {
      merged.merge(stats);
    }
    return merged;
  }

  @Override
  public Stats extractOutput(Stats stats) {
    return stats;
  }

  @Override
  public org.apache.beam.sdk.coders.Coder<Stats> getAccumulatorCoder(
      CoderRegistry registry, org.apache.beam.sdk.coders.Coder<Double> input) {
    return StatsCoder.INSTANCE;
  }

  @Override
  public org.apache.beam.sdk.coders.Coder<Stats> getDefaultOutputCoder(
      CoderRegistry registry, org.apache.beam.sdk.coders.Coder<Double> input) {
    return StatsCoder.INSTANCE;
  }

  static final class StatsCoder extends CustomCoder<Stats> {
    private static final long serialVersionUID = 1L;
    static final StatsCoder INSTANCE = new StatsCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    @Override
    public void encode(Stats s, OutputStream out) throws IOException {
      LONG.encode(s.count, out);
      DOUBLE.encode(s.mean, out);
      DOUBLE.encode(s.m2, out);
      DOUBLE.encode(s.min, out);
      DOUBLE.encode(s.max, out);
    }

    @Override
    public Stats decode(InputStream in) throws IOException {
      Stats s = new Stats();
      s.count = LONG.decode(in);
      s.mean = DOUBLE.decode(in);
      s.m2 = DOUBLE.decode(in);
      s.min = DOUBLE.decode(in);
      s.max = DOUBLE.decode(in);
      return s;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
