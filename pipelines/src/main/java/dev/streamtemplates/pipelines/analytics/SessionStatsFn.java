package dev.streamtemplates.pipelines.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/** One user session: first and last event time, events, purchases and exact revenue. */
final class SessionStatsFn
    extends Combine.CombineFn<ActivityEvent, SessionStatsFn.Session, SessionStatsFn.Session> {

  static final class Session {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long events;
    long purchases;
    BigDecimal revenue = BigDecimal.ZERO;
  }

  @Override
  public Session createAccumulator() {
    return new Session();
  }

  @Override
  public Session addInput(Session s, ActivityEvent event) {
    s.first = Math.min(s.first, event.eventTimeMillis());
    s.last = Math.max(s.last, event.eventTimeMillis());
    s.events++;
    if (event.type() == ActivityEvent.Type.purchase) {
      s.purchases++;
      s.revenue = s.revenue.add(BigDecimal.valueOf(event.amount()));
    }
    return s;
  }

  @Override
  public Session mergeAccumulators(Iterable<Session> all) {
    Session merged = new Session();
    for (Session s : all) {
      merged.first = Math.min(merged.first, s.first);
      merged.last = Math.max(merged.last, s.last);
      merged.events += s.events;
      merged.purchases += s.purchases;
      merged.revenue = merged.revenue.add(s.revenue);
    }
    return merged;
  }

  @Override
  public Session extractOutput(Session s) {
    return s;
  }

  @Override
  public Coder<Session> getAccumulatorCoder(CoderRegistry registry, Coder<ActivityEvent> input) {
    return SessionCoder.INSTANCE;
  }

  @Override
  public Coder<Session> getDefaultOutputCoder(CoderRegistry registry, Coder<ActivityEvent> input) {
    return SessionCoder.INSTANCE;
  }

  static final class SessionCoder extends CustomCoder<Session> {
    private static final long serialVersionUID = 1L;
    static final SessionCoder INSTANCE = new SessionCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();

    @Override
    public void encode(Session s, OutputStream out) throws IOException {
      LONG.encode(s.first, out);
      LONG.encode(s.last, out);
      LONG.encode(s.events, out);
      LONG.encode(s.purchases, out);
      DECIMAL.encode(s.revenue, out);
    }

    @Override
    public Session decode(InputStream in) throws IOException {
      Session s = new Session();
      s.first = LONG.decode(in);
      s.last = LONG.decode(in);
      s.events = LONG.decode(in);
      s.purchases = LONG.decode(in);
      s.revenue = DECIMAL.decode(in);
      return s;
    }
  }
}
