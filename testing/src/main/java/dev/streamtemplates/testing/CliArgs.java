package dev.streamtemplates.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the make-target CLIs ({@code make kafka-up}, {@code make flink-up}, ...):
 * command words, and options as {@code --name value} or {@code --name=value}, each name one of
 * those the command knows.
 */
public final class CliArgs {
  public final List<String> words;
  private final Map<String, String> flags;

  private CliArgs(List<String> words, Map<String, String> flags) {
    this.words = List.copyOf(words);
    this.flags = Map.copyOf(flags);
  }

  /** Thrown with a message for the usage text: a missing value or an unknown option. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  public static CliArgs parse(String[] args, Set<String> known) throws UsageException {
    List<String> words = new ArrayList<>();
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        words.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        flags.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length) {
        flags.put(arg.substring(2), args[++i]);
      } else {
        throw new UsageException("missing a value after " + arg);
      }
    }
    for (String flag : flags.keySet()) {
      if (!known.contains(flag)) {
        throw new UsageException("unknown option --" + flag);
      }
    }
    return new CliArgs(words, flags);
  }

  public String flag(String name, String fallback) {
    return flags.getOrDefault(name, fallback);
  }
}
