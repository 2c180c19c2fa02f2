package dev.streamtemplates.pipelines.runners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Files of the repository that tests check code against: templates/, the Makefile. */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The repository's root: the nearest folder up from here holding templates/ and a Makefile. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("templates")) && Files.exists(dir.resolve("Makefile"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no templates/ and Makefile above " + Path.of("")
        .toAbsolutePath());
  }

  static Path templates() {
    return root().resolve("templates");
  }

  /**
   * The flags of a Dataflow tuning profile, {@code templates/profiles/<name>.args}: one flag a
   * line; blank lines and {@code #} comments are skipped. The Makefile passes the same file.
   */
  static List<String> profile(String name) {
    Path file = templates().resolve("profiles").resolve(name + ".args");
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the profile " + file, e);
    }
  }
}
