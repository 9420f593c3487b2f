package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.InvalidPathException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Locks seen from outside: query, list by prefix, and the admin's force-release. */
public abstract class LockAdminContract extends Contract {
  @Test
  @DisplayName("query reports the holder's owner id, session id and token, and empty for a free lock")
  @Verifies({"LOCK-14", "SESSION-10"})
  void query() {
    List<CoordinationClient> c = kit.open(2);
    assertThat(c.get(1).locks().query(kit.lock("l"))).isEmpty();
    LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    LockInfo info = c.get(1).locks().query(kit.lock("l")).orElseThrow();
    assertThat(info).isEqualTo(new LockInfo(kit.lock("l"), c.get(0).session().ownerId(), c.get(0).session().id(),
        lease.token()));
    lease.release();
    assertThat(c.get(1).locks().query(kit.lock("l"))).isEmpty();
  }

  @Test
  @DisplayName("list returns the held locks under a prefix, sorted by name, and no others")
  @Verifies({"LOCK-15", "LIMIT-2"})
  void list() {
    List<CoordinationClient> c = kit.open(2);
    c.get(0).locks().tryAcquire(kit.lock("p/b")).orElseThrow();
    c.get(1).locks().tryAcquire(kit.lock("p/a")).orElseThrow();
    c.get(0).locks().tryAcquire(kit.lock("p/c/d")).orElseThrow();
    c.get(1).locks().tryAcquire(kit.lock("q")).orElseThrow();
    LockLease released = c.get(1).locks().tryAcquire(kit.lock("p/e")).orElseThrow();
    released.release();
    assertThat(c.get(0).locks().list(kit.lock("p/"))).extracting(LockInfo::name)
        .containsExactly(kit.lock("p/a"), kit.lock("p/b"), kit.lock("p/c/d"));
    assertThat(c.get(0).locks().list(kit.lock("p/"))).extracting(LockInfo::sessionId)
        .containsExactly(c.get(1).session().id(), c.get(0).session().id(), c.get(0).session().id());
    assertThat(c.get(0).locks().list("")).extracting(LockInfo::name)
        .contains(kit.lock("p/a"), kit.lock("p/b"), kit.lock("p/c/d"), kit.lock("q")).isSorted();
    // A prefix is a string prefix: without a trailing slash it also matches a longer segment ("pz").
    c.get(1).locks().tryAcquire(kit.lock("pz")).orElseThrow();
    assertThat(c.get(0).locks().list(kit.lock("p"))).extracting(LockInfo::name)
        .containsExactly(kit.lock("p/a"), kit.lock("p/b"), kit.lock("p/c/d"), kit.lock("pz"));
    assertThat(c.get(0).locks().list(kit.lock("p/"))).extracting(LockInfo::name).doesNotContain(kit.lock("pz"));
    assertThatThrownBy(() -> c.get(0).locks().list("a//")).isInstanceOf(InvalidPathException.class);
  }

  @Test
  @DisplayName("forceRelease removes the holder, whose lease goes LOST with its listener told; then others can lock")
  @Verifies({"LOCK-16", "LOCK-17", "LEASE-10"})
  void forceRelease() {
    List<CoordinationClient> c = kit.open(3);
    LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    Transitions events = new Transitions();
    lease.addListener(events);
    CompletableFuture<LockLease> waiter = c.get(2).locks().acquireAsync(kit.lock("l"));
    assertThat(c.get(1).locks().forceRelease(kit.lock("l"))).isTrue();
    kit.await().until(() -> lease.state() == LeaseState.LOST);
    kit.await().until(() -> events.contains("HELD->LOST"));
    LockLease next = waiter.orTimeout(kit.timeout().toMillis(), TimeUnit.MILLISECONDS).join();
    assertThat(next.token()).isGreaterThan(lease.token());
    assertThat(c.get(1).locks().forceRelease(kit.lock("free"))).isFalse();
    lease.release();
    assertThat(lease.state()).isEqualTo(LeaseState.LOST);
    assertThat(next.isHeld()).isTrue();
  }
}
