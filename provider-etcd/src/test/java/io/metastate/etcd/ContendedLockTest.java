package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Tight acquire/release loops on one lock from 4 clients: every waiter is woken, and holders never overlap. */
@DisplayName("a lock contended in tight loops")
class ContendedLockTest {
  private static final int ROUNDS = 25;

  @Test
  @DisplayName("hands over without losing a wake-up, one holder at a time")
  void tightLoops() throws Exception {
    try (EtcdCluster etcd = EtcdServers.start()) {
      List<CoordinationClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(EtcdClients.builder().endpoints(etcd.endpointList()).sessionTtl(Duration.ofSeconds(10))
            .ownerId("c" + i).open());
      }
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      AtomicLong counter = new AtomicLong();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < clients.size(); t++) {
        CoordinationClient c = clients.get(t);
        Thread th = new Thread(() -> {
          String me = c.session().ownerId();
          for (int i = 0; i < ROUNDS; i++) {
            Optional<LockLease> l = c.locks().acquire("contended", TestTiming.seconds(15));
            if (l.isEmpty()) {
              failures.add(me + " round " + i + " timed out");
              return;
            }
            // A critical section that takes a round trip to etcd: a second holder would be inside meanwhile, see
            // the in-flight count above one, and lose an update of the read-then-write counter.
            inside.incrementAndGet();
            long read = counter.get();
            String owner = c.locks().query("contended").map(LockInfo::ownerId).orElse("nobody");
            if (!owner.equals(me)) {
              failures.add(me + " round " + i + " holds a lock etcd says " + owner + " has");
            }
            if (inside.get() != 1) {
              overlaps.incrementAndGet();
            }
            counter.set(read + 1);
            inside.decrementAndGet();
            l.get().release();
          }
        });
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) {
        th.join();
      }
      clients.forEach(CoordinationClient::close);
      assertThat(failures).isEmpty();
      assertThat(overlaps.get()).isZero();
      assertThat(counter.get()).isEqualTo(clients.size() * ROUNDS);
    }
  }
}
