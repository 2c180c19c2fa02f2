package dev.streamtemplates.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Fixture input files and the file sink's output folders. */
public final class FixtureFiles {
  private FixtureFiles() {}

  /** Writes lines to one file, in order. */
  public static Path write(Path dir, String name, List<String> lines) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.write(file, lines, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Shuffles the lines with {@code seed} and deals them into {@code files} files. */
  public static void writeShuffledAndSplit(Path dir, List<String> lines, int files, long seed) {
    List<String> shuffled = new ArrayList<>(lines);
    Collections.shuffle(shuffled, new Random(seed));
    List<List<String>> parts = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      parts.add(new ArrayList<>());
    }
    for (int i = 0; i < shuffled.size(); i++) {
      parts.get(i % files).add(shuffled.get(i));
    }
    for (int i = 0; i < files; i++) {
      write(dir, "part-" + i + ".jsonl", parts.get(i));
    }
  }

  /** Every line of every file under {@code dir} (recursively), sorted. */
  public static List<String> readAllLines(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> lines = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .collect(Collectors.toList())) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
      Collections.sort(lines);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines of a classpath resource, without blank lines. */
  public static List<String> resourceLines(Class<?> owner, String resource) {
    try (var in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource + " next to " + owner.getName());
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
