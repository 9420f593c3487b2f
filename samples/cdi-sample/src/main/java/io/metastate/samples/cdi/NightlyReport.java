package io.metastate.samples.cdi;

import io.metastate.cdi.CurrentLease;
import io.metastate.cdi.Locked;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A job that must never run twice at once, anywhere: it writes its report fenced by its lock. */
@ApplicationScoped
public class NightlyReport {
  static final String LOCK = "sample/nightly-report";
  static final String REPORT = "/sample/last-report";

  @Inject
  MetaStateService state;

  /** Writes the report as {@code worker}, only while this process still holds the lock. */
  @Locked(value = LOCK, timeout = "30s")
  public String run(String worker) {
    LockLease lease = CurrentLease.require();
    String report = worker + " wrote this under fencing token " + lease.token().value();
    byte[] data = report.getBytes(StandardCharsets.UTF_8);
    if (state.exists(REPORT).isEmpty()) {
      state.createWithParents(REPORT, new byte[0], CreateMode.PERSISTENT);
    }
    // Op.lockHeld makes the write atomic with the check that the lease still holds.
    state.multi(List.of(Op.lockHeld(lease), Op.set(REPORT, data, Op.ANY_VERSION)));
    System.out.printf("  %-8s holds '%s' with fencing token %d%n", worker, LOCK, lease.token().value());
    return report;
  }
}
