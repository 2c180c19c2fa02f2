package dev.streamtemplates.pipelines.fraud;

import dev.streamtemplates.io.sink.SinkOptions;
import dev.streamtemplates.io.source.SourceOptions;
import dev.streamtemplates.transforms.window.EventTimeOptions;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * The fraud pipeline's options: the shared ones, which rules run, and each rule's parameters
 * (named after the rule: {@code --velocity...}, {@code --amountSpike...}, {@code
 * --impossibleTravel...}, {@code --cardTesting...}).
 */
public interface FraudOptions extends SourceOptions, SinkOptions, EventTimeOptions {
  @Description(
      "Rules to run, comma-separated: VELOCITY, AMOUNT_SPIKE, IMPOSSIBLE_TRAVEL, CARD_TESTING.")
  @Default.String("VELOCITY,AMOUNT_SPIKE,IMPOSSIBLE_TRAVEL,CARD_TESTING")
  String getRules();

  void setRules(String value);

  @Description("VELOCITY fires when a card has at least this many transactions in the window.")
  @Default.Integer(5)
  int getVelocityCount();

  void setVelocityCount(int value);

  @Description("VELOCITY: the window (t - w, t], seconds.")
  @Default.Long(60)
  long getVelocityWindowSec();

  void setVelocityWindowSec(long value);

  @Description("AMOUNT_SPIKE fires when the amount is more than this many times the card's mean.")
  @Default.Double(5.0)
  double getAmountSpikeFactor();

  void setAmountSpikeFactor(double value);

  @Description("AMOUNT_SPIKE: the mean is over (up to) this many of the card's previous transactions.")
  @Default.Integer(20)
  int getAmountSpikeHistory();

  void setAmountSpikeHistory(int value);

  @Description("AMOUNT_SPIKE only fires for a card with at least this many previous transactions.")
  @Default.Integer(3)
  int getAmountSpikeMinHistory();

  void setAmountSpikeMinHistory(int value);

  @Description("IMPOSSIBLE_TRAVEL: minimum distance (km) from the card's previous transaction.")
  @Default.Double(100)
  double getImpossibleTravelMinKm();

  void setImpossibleTravelMinKm(double value);

  @Description("IMPOSSIBLE_TRAVEL fires above this speed (km/h); a zero time difference is infinite speed.")
  @Default.Double(900)
  double getImpossibleTravelMaxKmh();

  void setImpossibleTravelMaxKmh(double value);

  @Description("CARD_TESTING: the large transaction's minimum amount.")
  @Default.Double(500)
  double getCardTestingAmount();

  void setCardTestingAmount(double value);

  @Description("CARD_TESTING: previous transactions below this amount are probes.")
  @Default.Double(2.00)
  double getCardTestingSmallAmount();

  void setCardTestingSmallAmount(double value);

  @Description("CARD_TESTING: how many probes must precede the large transaction.")
  @Default.Integer(3)
  int getCardTestingSmallCount();

  void setCardTestingSmallCount(int value);

  @Description("CARD_TESTING: probes count from this many seconds before the large transaction.")
  @Default.Long(600)
  long getCardTestingWindowSec();

  void setCardTestingWindowSec(long value);

  @Description(
      "A card with no transaction for this many seconds of event time has its state cleared; its"
          + " next transaction starts with no history.")
  @Default.Long(86_400)
  long getCardInactivitySec();

  void setCardInactivitySec(long value);

  /** Fails fast, naming the option, on values that cannot work. */
  static void validate(FraudOptions options) {
    EventTimeOptions.validate(options);
    FraudRule.parseList(options.getRules());
    positive("--velocityCount", options.getVelocityCount());
    positive("--velocityWindowSec", options.getVelocityWindowSec());
    positive("--amountSpikeFactor", options.getAmountSpikeFactor());
    positive("--amountSpikeHistory", options.getAmountSpikeHistory());
    positive("--amountSpikeMinHistory", options.getAmountSpikeMinHistory());
    if (options.getAmountSpikeMinHistory() > options.getAmountSpikeHistory()) {
      throw new IllegalArgumentException(
          "--amountSpikeMinHistory (" + options.getAmountSpikeMinHistory()
              + ") must be <= --amountSpikeHistory (" + options.getAmountSpikeHistory() + ")");
    }
    nonNegative("--impossibleTravelMinKm", options.getImpossibleTravelMinKm());
    positive("--impossibleTravelMaxKmh", options.getImpossibleTravelMaxKmh());
    positive("--cardTestingAmount", options.getCardTestingAmount());
    positive("--cardTestingSmallAmount", options.getCardTestingSmallAmount());
    positive("--cardTestingSmallCount", options.getCardTestingSmallCount());
    positive("--cardTestingWindowSec", options.getCardTestingWindowSec());
    positive("--cardInactivitySec", options.getCardInactivitySec());
    if (options.getCardInactivitySec() <= options.getAllowedLatenessSec()) {
      throw new IllegalArgumentException(
          "--cardInactivitySec (" + options.getCardInactivitySec() + ") must be longer than"
              + " --allowedLatenessSec (" + options.getAllowedLatenessSec() + "): a card must not"
              + " be forgotten while a late transaction may still need its history");
    }
  }

  private static void positive(String option, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(option + " must be > 0, got " + value);
    }
  }

  private static void positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be > 0, got " + value);
    }
  }

  private static void nonNegative(String option, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be >= 0, got " + value);
    }
  }

  /** The rules named by {@code --rules}, in the contract's order. */
  static List<FraudRule> rules(FraudOptions options) {
    return FraudRule.parseList(options.getRules());
  }
}
