package dev.streamtemplates.pipelines.recommendations;

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
 * Synthetic shopping activity whose "similar items" are known: the catalog is {@value #CLUSTERS}
 * planted clusters of {@value #CLUSTER_SIZE} items, every user has a home cluster and picks from
 * it {@value #IN_CLUSTER_PERCENT}% of the time (the rest from anywhere), and item popularity is
 * Zipf-skewed within each cluster. So an item's most co-occurring items should be its cluster
 * mates ({@link #clusterOf}).
 *
 * <p>Also: Zipf-skewed user activity, a crawler-like heavy user ({@value #HEAVY_USER}) touching
 * items at random so it outgrows {@code --maxItemsPerUser} in long runs, out-of-order and late
 * delivery, and about 1% malformed records.
 */
final class InteractionGenerator implements EventGenerator {
  private static final long serialVersionUID = 1L;
  static final int CLUSTERS = 40;
  static final int CLUSTER_SIZE = 50;
  static final int IN_CLUSTER_PERCENT = 95;
  static final String HEAVY_USER = "u-crawler";
  private static final Disorder DISORDER = new Disorder(Duration.standardSeconds(5), 0.30, 0.004);

  private final ZipfDistribution users = new ZipfDistribution(2_000, 0.7);
  private final ZipfDistribution rankInCluster = new ZipfDistribution(CLUSTER_SIZE, 1.0);

  @Override
  public Duration maxOutOfOrderness() {
    return DISORDER.maxOutOfOrderness();
  }

  /** The planted cluster of a generated item id ({@code i-<cluster>-<rank>}). */
  static int clusterOf(String itemId) {
    return Integer.parseInt(itemId.substring(2, itemId.indexOf('-', 2)));
  }

  /**
   * A user's home cluster: round robin over users by activity rank, so every cluster gets as
   * many heavy users as light ones.
   */
  static int homeCluster(int user) {
    return user % CLUSTERS;
  }

  @Override
  public GeneratedEvent generate(long index, SyntheticStream stream) {
    SplittableRandom random = stream.randomFor(index);
    long nominalTime = stream.nominalTimeMillis(index);
    double roll = random.nextDouble();
    if (roll < 0.01) {
      return new GeneratedEvent(malformed(index, nominalTime, random), nominalTime);
    }
    long timestamp = DISORDER.eventTime(nominalTime, random, true);
    String userId;
    int cluster;
    if (roll < 0.02) {
      userId = HEAVY_USER;
      cluster = random.nextInt(CLUSTERS);
    } else {
      int user = users.sample(random);
      userId = "u-" + user;
      cluster = random.nextInt(100) < IN_CLUSTER_PERCENT ? homeCluster(user) : random.nextInt(CLUSTERS);
    }
    int rank = userId.equals(HEAVY_USER) ? random.nextInt(CLUSTER_SIZE) : rankInCluster.sample(random);
    double a = random.nextDouble();
    String action = a < 0.85 ? "view" : a < 0.96 ? "cart" : "purchase";
    String json =
        JsonLine.object()
            .put("userId", userId)
            .put("itemId", "i-" + cluster + "-" + rank)
            .put("action", action)
            .putTime("timestamp", timestamp)
            .end();
    return new GeneratedEvent(json, timestamp);
  }

  private static String malformed(long index, long nominalTime, SplittableRandom random) {
    String ts = EventTimes.format(nominalTime);
    switch (random.nextInt(6)) {
      case 0:
        return "{\"userId\":\"u-1\",\"itemId\":\"i-0-1\",\"action\":\"view\""; // cut off
      case 1:
        return "{\"userId\":\"u-1\",\"action\":\"view\",\"timestamp\":\"" + ts + "\"}";
      case 2:
        return "{\"userId\":\"u-1\",\"itemId\":\"i-0-1\",\"action\":\"click\",\"timestamp\":\"" + ts + "\"}";
      case 3:
        return "{\"userId\":\"u-1\",\"itemId\":\"i-0-1\",\"action\":\"view\",\"timestamp\":\"soon\"}";
      case 4:
        return "{\"userId\":" + index + ",\"itemId\":\"i-0-1\",\"action\":\"cart\",\"timestamp\":\"" + ts + "\"}";
      default:
        return "not json at all #" + index;
    }
  }
}
