package dev.streamtemplates.pipelines.recommendations;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How much each action counts in {@code trending}: {@code view:1,cart:3,purchase:5} by default.
 * Parsed from {@code --actionWeights}; every action must be given a whole weight >= 0.
 */
public final class ActionWeights implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String DEFAULT = "view:1,cart:3,purchase:5";

  private final long[] weights;

  private ActionWeights(long[] weights) {
    this.weights = weights;
  }

  public static ActionWeights parse(String spec) {
    String usage = "--actionWeights must list every action as action:weight, e.g. " + DEFAULT;
    long[] weights = new long[Interaction.Action.values().length];
    Arrays.fill(weights, -1);
    for (String part : spec.split(",", -1)) {
      String[] kv = part.trim().split(":", -1);
      if (kv.length != 2 || !Interaction.Action.NAMES.contains(kv[0].trim())) {
        throw new IllegalArgumentException(usage + "; got '" + part.trim() + "'");
      }
      Interaction.Action action = Interaction.Action.valueOf(kv[0].trim());
      long weight;
      try {
        weight = Long.parseLong(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--actionWeights: the weight of " + action + " must be a whole number; got '" + kv[1].trim() + "'");
      }
      if (weight < 0) {
        throw new IllegalArgumentException(
            "--actionWeights: the weight of " + action + " must be >= 0; got " + weight);
      }
      if (weights[action.ordinal()] >= 0) {
        throw new IllegalArgumentException("--actionWeights names " + action + " twice");
      }
      weights[action.ordinal()] = weight;
    }
    for (Interaction.Action action : Interaction.Action.values()) {
      if (weights[action.ordinal()] < 0) {
        throw new IllegalArgumentException(usage + "; " + action + " is missing");
      }
    }
    return new ActionWeights(weights);
  }

  public long of(Interaction.Action action) {
    return weights[action.ordinal()];
  }
}
