package io.metastate.testing.postgresql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the newest installed PostgreSQL server binaries (Debian layout: {@code /usr/lib/postgresql/<major>/bin}). */
final class PostgresBinaries {
  /** Where Debian's {@code postgresql-<major>} packages put the server binaries. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
  /** Overrides the search: a directory holding {@code initdb}, {@code postgres} and {@code psql}. */
  static final String BIN_DIR_PROPERTY = "metastate.test.postgres.bin";

  private PostgresBinaries() {}

  /** The directory with {@code initdb}, {@code postgres}, {@code pg_isready} and {@code psql}. */
  static Path binDir() {
    String configured = System.getProperty(BIN_DIR_PROPERTY, System.getenv("METASTATE_TEST_POSTGRES_BIN"));
    if (configured != null && !configured.isBlank()) {
      return requireServer(Path.of(configured));
    }
    return newestDebian().orElseThrow(() -> new IllegalStateException("no PostgreSQL server found under "
        + DEBIAN_ROOT + "/<major>/bin: install Debian's postgresql package (.ci/run does), or set -D"
        + BIN_DIR_PROPERTY + " to a directory with initdb and postgres"));
  }

  private static Optional<Path> newestDebian() {
    if (!Files.isDirectory(DEBIAN_ROOT)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb")))
          .max(Comparator.comparing(PostgresBinaries::major));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + DEBIAN_ROOT, e);
    }
  }

  /** The major version of {@code /usr/lib/postgresql/<major>/bin}, so that 15 sorts after 9.6. */
  private static double major(Path bin) {
    try {
      return Double.parseDouble(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Path requireServer(Path bin) {
    if (!Files.isExecutable(bin.resolve("postgres")) || !Files.isExecutable(bin.resolve("initdb"))) {
      throw new IllegalStateException(bin + " (from " + BIN_DIR_PROPERTY + ") has no executable postgres and initdb");
    }
    return bin;
  }
}
