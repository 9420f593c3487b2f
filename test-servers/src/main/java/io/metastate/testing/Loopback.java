package io.metastate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What every server launcher needs: the loopback address, free ports on it, and making and removing a data dir.
 */
public final class Loopback {
  /** Every test server listens here, and nowhere else. */
  public static final String ADDRESS = "127.0.0.1";

  private Loopback() {}

  /** A port free on 127.0.0.1 right now (closed again: a server, or nobody, may take it next). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + ADDRESS, e);
    }
  }

  /** A new empty directory under the system's temporary directory, its name starting with {@code prefix}. */
  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory " + prefix + "*", e);
    }
  }

  /** Deletes {@code dir} and everything below it; best effort: a temp dir left behind is not worth failing for. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left behind
    }
  }
}
