package dev.streamtemplates.pipelines.analytics;

import dev.streamtemplates.io.synthetic.Disorder;
import dev.streamtemplates.io.synthetic.EventGenerator;
import dev.streamtemplates.io.synthetic.GeneratedEvent;
import dev.streamtemplates.io.synthetic.SyntheticStream;
import dev.streamtemplates.io.synthetic.ZipfDistribution;
import dev.streamtemplates.transforms.json.JsonLine;
import dev.streamtemplates.transforms.time.EventTimes;
import java.util.SplittableRandom;
import org.joda.time.Duration;

/**
 * Synthetic user activity with the shapes real traffic has: many users with a few heavy ones,
 * Zipf-skewed pages and items, bursts of one user's clicks, out-of-order delivery, some late
 * records (within and beyond the default allowed lateness), retransmitted duplicates and about
 * 1% malformed records of every kind the contract lists, so every output shows up in a short run.
 */
final class ActivityGenerator implements EventGenerator {
  private static final long serialVersionUID = 1L;
  private static final Disorder DISORDER = new Disorder(Duration.standardSeconds(5), 0.30, 0.004);
  private static final String[] FIXED_PAGES = {"/", "/search", "/cart", "/checkout", "/account"};

  private final ZipfDistribution users = new ZipfDistribution(20_000, 0.8);
  private final ZipfDistribution pages = new ZipfDistribution(300, 1.1);
  private final ZipfDistribution items = new ZipfDistribution(2_000, 1.0);

  @Override
  public Duration maxOutOfOrderness() {
    return DISORDER.maxOutOfOrderness();
  }

  @Override
  public GeneratedEvent generate(long index, SyntheticStream stream) {
    SplittableRandom random = stream.randomFor(index);
    long nominalTime = stream.nominalTimeMillis(index);
    double roll = random.nextDouble();
    if (roll < 0.01) {
      return new GeneratedEvent(malformed(index, nominalTime, random), nominalTime);
    }
    if (roll < 0.02 && index > 100) {
      // A retransmission of a recent event, regenerated exactly: same eventId. Half the copies
      // carry a later timestamp (a resend); the original, with the earliest, is the one that counts.
      long original = index - 1 - random.nextInt(100);
      SplittableRandom originalRandom = stream.randomFor(original);
      originalRandom.nextDouble(); // the original's own roll
      long resendDelay = random.nextBoolean() ? 0 : 1 + random.nextLong(3_000);
      return event(original, stream.nominalTimeMillis(original), originalRandom, resendDelay);
    }
    return event(index, nominalTime, random, 0);
  }

  private GeneratedEvent event(
      long index, long nominalTime, SplittableRandom random, long resendDelayMillis) {
    long timestamp = DISORDER.eventTime(nominalTime, random, true) + resendDelayMillis;
    // Bursts: a run of 40 consecutive events in every 2,000 comes from one user.
    long userIndex =
        index % 2_000 < 40
            ? users.sample(new SplittableRandom(index / 2_000))
            : users.sample(random);
    String type;
    double t = random.nextDouble();
    if (t < 0.70) {
      type = "page_view";
    } else if (t < 0.88) {
      type = "click";
    } else if (t < 0.96) {
      type = "add_to_cart";
    } else {
      type = "purchase";
    }
    JsonLine json =
        JsonLine.object()
            .put("eventId", "e-" + index)
            .put("userId", "u-" + userIndex)
            .put("eventType", type);
    int page = pages.sample(random);
    json.put("page", page < FIXED_PAGES.length ? FIXED_PAGES[page] : "/product/p-" + page);
    if (!type.equals("page_view")) {
      json.put("itemId", "item-" + items.sample(random));
    }
    if (type.equals("purchase")) {
      double amount = Math.round(Math.exp(3.2 + 0.9 * random.nextGaussian()) * 100) / 100.0;
      json.put("amount", amount);
    }
    return new GeneratedEvent(json.putTime("timestamp", timestamp).end(), timestamp);
  }

  private static String malformed(long index, long nominalTime, SplittableRandom random) {
    String ts = EventTimes.format(nominalTime);
    switch (random.nextInt(7)) {
      case 0:
        return "{\"eventId\":\"e-" + index + "\",\"userId\":\"u-1\",\"eventType\":\"click\""; // cut off
      case 1:
        return "{\"eventId\":\"e-" + index + "\",\"eventType\":\"click\",\"timestamp\":\"" + ts + "\"}";
      case 2:
        return "{\"eventId\":\"e-" + index + "\",\"userId\":\"u-1\",\"eventType\":\"purchase\","
            + "\"amount\":\"19.99\",\"timestamp\":\"" + ts + "\"}";
      case 3:
        return "{\"eventId\":\"e-" + index + "\",\"userId\":\"u-1\",\"eventType\":\"refund\","
            + "\"timestamp\":\"" + ts + "\"}";
      case 4:
        return "{\"eventId\":\"e-" + index + "\",\"userId\":\"u-1\",\"eventType\":\"click\","
            + "\"timestamp\":\"yesterday\"}";
      case 5:
        return "{\"eventId\":\"e-" + index + "\",\"userId\":\"u-1\",\"eventType\":\"purchase\","
            + "\"amount\":-5,\"timestamp\":\"" + ts + "\"}";
      default:
        return "not json at all #" + index;
    }
  }
}
