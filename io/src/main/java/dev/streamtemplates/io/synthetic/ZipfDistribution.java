package dev.streamtemplates.io.synthetic;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Ranks 0..n-1 with probability proportional to 1 / (rank + 1)^exponent; sampled by table. */
public final class ZipfDistribution implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] cumulative;

  public ZipfDistribution(int n, double exponent) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be > 0, got " + n);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, exponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
  }

  public int sample(SplittableRandom random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
  }
}
