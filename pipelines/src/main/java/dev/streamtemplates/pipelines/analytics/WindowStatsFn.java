package dev.streamtemplates.pipelines.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * {@code window-stats} in one pass: events, exact unique users, events by type and revenue.
 * Revenue is summed as exact decimals, so it does not depend on the order of addition (floating
 * point sums would differ between runners and arrival orders in the last digits).
 */
public final class WindowStatsFn
    extends Combine.CombineFn<ActivityEvent, WindowStatsFn.Stats, WindowStatsFn.Stats> {

  public static final class Stats {
    long events;
    final long[] byType = new long[ActivityEvent.Type.values().length];
    final Set<String> users = new HashSet<>();
    BigDecimal revenue = BigDecimal.ZERO;
  }

  @Override
  public Stats createAccumulator() {
    return new Stats();
  }

  @Override
  public Stats addInput(Stats stats, ActivityEvent event) {
    stats.events++;
    stats.byType[event.type().ordinal()]++;
    stats.users.add(event.userId());
    if (event.type() == ActivityEvent.Type.purchase) {
      stats.revenue = stats.revenue.add(BigDecimal.valueOf(event.amount()));
    }
    return stats;
  }

  @Override
  public Stats mergeAccumulators(Iterable<Stats> all) {
    Iterator<Stats> it = all.iterator();
    if (!it.hasNext()) {
      return createAccumulator();
    }
    Stats merged = it.next(); // merged in place: a merge costs the others' size, not the result's
    while (it.hasNext()) {
      Stats s = it.next();
      merged.events += s.events;
      for (int i = 0; i < merged.byType.length; i++) {
        merged.byType[i] += s.byType[i];
      }
      merged.users.addAll(s.users);
      merged.revenue = merged.revenue.add(s.revenue);
    }
    return merged;
  }

  @Override
  public Stats extractOutput(Stats stats) {
    return stats;
  }

  @Override
  public Coder<Stats> getAccumulatorCoder(CoderRegistry registry, Coder<ActivityEvent> input) {
    return StatsCoder.INSTANCE;
  }

  @Override
  public Coder<Stats> getDefaultOutputCoder(CoderRegistry registry, Coder<ActivityEvent> input) {
    return StatsCoder.INSTANCE;
  }

  static final class StatsCoder extends CustomCoder<Stats> {
    private static final long serialVersionUID = 1L;
    static final StatsCoder INSTANCE = new StatsCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();

    @Override
    public void encode(Stats s, OutputStream out) throws IOException {
      LONG.encode(s.events, out);
      for (long n : s.byType) {
        LONG.encode(n, out);
      }
      INT.encode(s.users.size(), out);
      for (String user : s.users) {
        STRING.encode(user, out);
      }
      DECIMAL.encode(s.revenue, out);
    }

    @Override
    public Stats decode(InputStream in) throws IOException {
      Stats s = new Stats();
      s.events = LONG.decode(in);
      for (int i = 0; i < s.byType.length; i++) {
        s.byType[i] = LONG.decode(in);
      }
      int users = INT.decode(in);
      for (int i = 0; i < users; i++) {
        s.users.add(STRING.decode(in));
      }
      s.revenue = DECIMAL.decode(in);
      return s;
    }
  }
}
