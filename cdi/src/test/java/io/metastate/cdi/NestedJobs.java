package io.metastate.cdi;

import io.metastate.lock.LockLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** {@link Locked} calls inside {@link Locked} calls: same name (re-entry) and another name (nesting). */
final class NestedJobs {
  private NestedJobs() {}

  /** Every method of this class is locked by the class-level binding. */
  @ApplicationScoped
  @Locked("cdi-test/outer")
  static class Outer {
    @Inject
    Inner inner;

    /** The leases seen: outer, then inner same-name, then inner other-name, then outer again. */
    List<LockLease> run() {
      LockLease outer = CurrentLease.require();
      LockLease sameName = inner.sameName();
      LockLease otherName = inner.otherName();
      return List.of(outer, sameName, otherName, CurrentLease.require());
    }
  }

  @ApplicationScoped
  static class Inner {
    @Locked("cdi-test/outer")
    LockLease sameName() {
      return CurrentLease.require();
    }

    @Locked("cdi-test/inner")
    LockLease otherName() {
      if (CurrentLease.of("cdi-test/outer").isEmpty()) {
        throw new IllegalStateException("the outer lease is not visible inside the inner call");
      }
      return CurrentLease.require();
    }
  }
}
