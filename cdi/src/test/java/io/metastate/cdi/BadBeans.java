package io.metastate.cdi;

import jakarta.enterprise.context.ApplicationScoped;

/** Beans whose {@link Locked} use must fail container start-up. */
final class BadBeans {
  private BadBeans() {}

  @ApplicationScoped
  static class BadName {
    @Locked("reports/nightly run")
    void run() {}
  }

  @ApplicationScoped
  static class BadTimeout {
    @Locked(value = "reports/nightly", timeout = "soon")
    void run() {}
  }

  @ApplicationScoped
  static class SkipReturningInt {
    @Locked(value = "reports/nightly", onTimeout = Locked.OnTimeout.SKIP)
    int run() {
      return 1;
    }
  }
}
