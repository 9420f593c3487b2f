package io.metastate.testing.postgresql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who runs the server. PostgreSQL refuses to run as root, so a root JVM runs {@code initdb} and {@code postgres}
 * through {@code setpriv} as the {@code postgres} user Debian's package creates (else {@code nobody}); setpriv execs
 * in place, so the process we start is the postmaster itself, and signals reach it directly.
 */
record ServerUser(String name, String uid, String gid) {
  /** Running as ourselves: no prefix, no chown. */
  static final ServerUser SELF = new ServerUser(null, null, null);

  static ServerUser pick() {
    if (!"0".equals(run("id", "-u"))) {
      return SELF;
    }
    for (String candidate : List.of("postgres", "nobody")) {
      try {
        return new ServerUser(candidate, run("id", "-u", candidate), run("id", "-g", candidate));
      } catch (IllegalStateException noSuchUser) {
        // try the next one
      }
    }
    throw new IllegalStateException("running as root, and neither a 'postgres' nor a 'nobody' user exists to run"
        + " PostgreSQL as (it refuses root); install Debian's postgresql package, which creates 'postgres'");
  }

  /** {@code command} run as this user. */
  List<String> command(String... command) {
    List<String> out = new ArrayList<>();
    if (name != null) {
      out.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
    }
    out.addAll(List.of(command));
    return out;
  }

  /** Hands {@code dir} and everything below it to this user. */
  void own(Path dir) {
    if (name == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setAttribute(p, "unix:uid", Integer.parseInt(uid));
        Files.setAttribute(p, "unix:gid", Integer.parseInt(gid));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + dir + " to user " + name, e);
    }
  }

  /** Runs a short command and returns its trimmed output; fails on a non-zero exit. */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + List.of(command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + List.of(command), e);
    }
  }
}
