package io.metastate.testing.junit;

import java.util.Locale;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Decides whether a backend runs in containers or locally. {@code metastate.testing.mode=auto} (the default) takes
 * Testcontainers when a Docker engine answers; without one it falls back to local servers, except under {@code CI=true},
 * where it fails with a message saying how to get an engine, so that a CI run can never pass by quietly testing less.
 */
final class DockerEngine {
  private static Optional<String> problem;

  private DockerEngine() {}

  /** Whether {@code what} should start in containers; throws when the engine is required but unusable. */
  static boolean useContainers(String what) {
    String mode = Settings.get(Settings.MODE, "auto").toLowerCase(Locale.ROOT);
    // Only probe the engine when the answer matters: "local" must work on a machine without Docker's client libraries.
    return decide(what, mode, "local".equals(mode) ? Optional.empty() : problem(), Settings.inCi());
  }

  /**
   * The decision, apart from the probing: {@code problem} is why the engine is unusable (empty when it is usable).
   *
   * @throws IllegalStateException when containers are required (forced, or {@code ci}) and {@code problem} is set
   */
  static boolean decide(String what, String mode, Optional<String> problem, boolean ci) {
    switch (mode) {
      case "local":
        return false;
      case "testcontainers":
        if (problem.isPresent()) {
          throw new IllegalStateException(howToFix(what, problem.get(), Settings.MODE + "=testcontainers"));
        }
        return true;
      case "auto":
        if (problem.isEmpty()) {
          return true;
        }
        if (ci) {
          throw new IllegalStateException(howToFix(what, problem.get(), "CI=true"));
        }
        System.err.println("metastate-testing: no usable Docker engine (" + problem.get() + "); " + what
            + " falls back to a local server");
        return false;
      default:
        throw new IllegalArgumentException(Settings.MODE + "='" + mode + "': use auto, testcontainers or local");
    }
  }

  /** Why the engine cannot be used, or empty when it can; asked once per JVM. */
  static synchronized Optional<String> problem() {
    if (problem == null) {
      problem = probe();
    }
    return problem;
  }

  private static Optional<String> probe() {
    try {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.of("Testcontainers found no Docker engine (looked for /var/run/docker.sock, DOCKER_HOST,"
            + " ~/.testcontainers.properties)");
      }
      boolean ryukOff = "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
      boolean bridge = DockerClientFactory.instance().client().listNetworksCmd().withNameFilter("bridge").exec()
          .stream().anyMatch(n -> "bridge".equals(n.getName()));
      if (!bridge && !ryukOff) {
        return Optional.of("the engine has no bridge network, so Testcontainers' Ryuk cannot run;"
            + " set TESTCONTAINERS_RYUK_DISABLED=true");
      }
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("the Docker engine did not answer: " + e);
    }
  }

  static String howToFix(String what, String why, String because) {
    return "metastate-testing: " + what + " must run in Testcontainers (" + because + ") but " + why + ". To fix:"
        + " install an engine (Debian: apt-get install docker.io), start it (where no bridge network is allowed:"
        + " dockerd --bridge=none --iptables=false, with TESTCONTAINERS_RYUK_DISABLED=true and, inside a container,"
        + " TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1), and where no registry is reachable build the images locally"
        + " (this project: .ci/images/build.sh; .ci/run does all of it). Or choose the local servers on purpose"
        + " with -D" + Settings.MODE + "=local.";
  }
}
