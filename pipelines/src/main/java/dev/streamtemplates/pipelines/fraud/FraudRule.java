package dev.streamtemplates.pipelines.fraud;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The contract's rules; the ordinal is the rule's result kind in the ordering engine. */
public enum FraudRule {
  VELOCITY,
  AMOUNT_SPIKE,
  IMPOSSIBLE_TRAVEL,
  CARD_TESTING;

  /** {@code "VELOCITY,CARD_TESTING"} to the rules in the contract's order; names are validated. */
  static List<FraudRule> parseList(String names) {
    Set<FraudRule> chosen = EnumSet.noneOf(FraudRule.class);
    for (String name : names.split(",")) {
      String trimmed = name.trim().toUpperCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        chosen.add(FraudRule.valueOf(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--rules: unknown rule '" + name.trim() + "'; the rules are "
                + List.of(FraudRule.values()), e);
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("--rules must name at least one rule, got '" + names + "'");
    }
    return new ArrayList<>(chosen);
  }
}
