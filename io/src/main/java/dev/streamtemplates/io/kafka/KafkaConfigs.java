package dev.streamtemplates.io.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code key=value} settings from the command line, checked before anything connects. */
final class KafkaConfigs {
  private KafkaConfigs() {}

  static Map<String, Object> parse(String option, List<String> settings) {
    Map<String, Object> config = new HashMap<>();
    if (settings == null) {
      return config;
    }
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            option + " takes key=value settings (repeat the flag for each); got '" + setting + "'");
      }
      config.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
    }
    return config;
  }

  /** Fails fast, naming the option, when Kafka cannot be reached as configured. */
  static void requireServers(KafkaOptions options, String use) {
    if (blank(options.getKafkaBootstrapServers())) {
      throw new IllegalArgumentException(use + " needs --kafkaBootstrapServers=host:port");
    }
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
