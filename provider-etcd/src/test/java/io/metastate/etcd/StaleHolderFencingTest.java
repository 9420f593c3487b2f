package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.LeaseLostException;
import io.metastate.error.SessionExpiredException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.testing.TestTiming;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import io.metastate.tck.wire.LoopbackProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A holder whose keep-alives stop (its connection is cut) past its TTL loses the lock to another client; its
 * stale fenced writes are then rejected — by its own client, which knows it is dead, and by etcd itself, which
 * compares the lock claim's create revision inside the write's Txn.
 */
@DisplayName("a holder paused past its TTL")
class StaleHolderFencingTest {
  @Test
  @DisplayName("cannot write with its old lease, while the new holder can")
  void staleWritesRejected() {
    try (EtcdCluster etcd = EtcdServers.start(); LoopbackProxy proxy = LoopbackProxy.to(java.net.URI.create(etcd.endpoint(0)).getPort())) {
      Duration ttl = Duration.ofSeconds(2);
      try (CoordinationClient stale = EtcdClients.builder().endpoints("http://" + proxy.address()).sessionTtl(ttl)
          .ownerId("stale").open();
           CoordinationClient fresh = EtcdClients.builder().endpoints(etcd.endpointList()).sessionTtl(ttl)
               .ownerId("fresh").open()) {
        MetaStateService s = fresh.state();
        s.createWithParents("/fenced/data", bytes("initial"), CreateMode.PERSISTENT);
        LockLease old = stale.locks().tryAcquire("fenced").orElseThrow();
        stale.state().multi(List.of(Op.lockHeld(old), Op.set("/fenced/data", bytes("by-old"), Op.ANY_VERSION)));

        proxy.cut(); // keep-alives stop reaching etcd
        LockLease next = fresh.locks().acquire("fenced", TestTiming.seconds(20)).orElseThrow();
        assertThat(next.token()).isGreaterThan(old.token());
        Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> stale.session().state() == SessionState.EXPIRED);
        assertThat(old.state()).isEqualTo(LeaseState.LOST);
        proxy.restore();

        // the stale client knows it is dead
        assertThatThrownBy(() -> stale.state().multi(List.of(Op.lockHeld(old),
            Op.set("/fenced/data", bytes("stale"), Op.ANY_VERSION)))).isInstanceOf(SessionExpiredException.class);
        // and etcd rejects the stale lease's fence even when the write arrives through a live client
        assertThatThrownBy(() -> s.multi(List.of(Op.lockHeld(old),
            Op.set("/fenced/data", bytes("stale"), Op.ANY_VERSION))))
            .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
              assertThat(e.failedOpIndex()).isZero();
              assertThat(e.reason()).isInstanceOf(LeaseLostException.class);
            });
        s.multi(List.of(Op.lockHeld(next), Op.set("/fenced/data", bytes("by-new"), Op.ANY_VERSION)));
        assertThat(s.get("/fenced/data").orElseThrow().dataAsString()).isEqualTo("by-new");
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
