package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.testing.TestTiming;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hole 5: a holder's watch on its own claim resumes after a reconnect from the revision it had reached; if etcd
 * compacted past it meanwhile, etcd cancels the watch. Without a replacement, a later force-release leaves the lease
 * reading HELD forever, while another session holds the lock.
 */
@DisplayName("a holder cut off while etcd compacts its history")
class ForceReleaseAfterCompactionTest {
  @RegisterExtension final EtcdFixture f = new EtcdFixture();

  @Test
  @DisplayName("still sees a later force-release: its lease turns LOST")
  void forceReleaseNoticed() {
    CoordinationClient a = f.open("a");
    CoordinationClient b = f.open("b");
    LockLease lease = a.locks().tryAcquire("watched").orElseThrow();

    f.disconnect(a);
    for (int i = 0; i < 5; i++) {
      b.state().create("/filler-" + i, new byte[] {1}, CreateMode.PERSISTENT);
    }
    f.compactHistory();
    f.reconnect(a);
    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> a.session().state() == SessionState.CONNECTED
        && lease.state() == LeaseState.HELD);

    assertThat(b.locks().forceRelease("watched")).isTrue();
    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> lease.state() == LeaseState.LOST);
    assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
  }
}
