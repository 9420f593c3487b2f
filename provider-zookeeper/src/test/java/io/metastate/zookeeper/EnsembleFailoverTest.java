package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.SessionExpiredException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.testing.ListeningSockets;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperEnsemble;
import io.metastate.testing.zookeeper.ZooKeeperProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A 3-node ensemble in separate JVMs loses its leader to SIGKILL while clients hold locks and write. */
class EnsembleFailoverTest {
  private static final int WORKERS = 3;

  @Test
  @DisplayName("killing the leader: fencing tokens keep increasing and no acknowledged write is lost")
  void leaderKilled() throws Exception {
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3)) {
      for (ZooKeeperProcess member : ensemble.members()) {
        // client, quorum and election ports alike
        assertThat(ListeningSockets.of(member.pid())).as("listening sockets of " + member)
            .hasSizeGreaterThanOrEqualTo(2).allMatch(ListeningSockets::isLoopbackV4);
      }
      MetaStateConfig config = MetaStateConfig.builder()
          .set("metastate.provider", "zookeeper")
          .set("metastate.zookeeper.connect", ensemble.connectString())
          .set("metastate.session.ttl", "5s") // longer than an election on loopback, so sessions survive it
          .set("metastate.zookeeper.connection-timeout", TestTiming.seconds(15).toMillis() + "ms")
          .build();
      Run run = new Run(config);
      try (CoordinationClient setup = MetaState.open(config)) {
        setup.state().create("/counter", bytes("0"), CreateMode.PERSISTENT);
        setup.state().create("/acks", bytes(""), CreateMode.PERSISTENT);
      }
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        int id = i;
        Thread t = new Thread(() -> run.work(id), "failover-worker-" + i);
        t.start();
        threads.add(t);
      }
      try {
        run.awaitAcks(10);
        ZooKeeperProcess leader = ensemble.leader();
        leader.kill();
        ensemble.awaitLeader(TestTiming.seconds(30));
        run.awaitAcks(run.acknowledged.size() + 10);
      } finally {
        run.stop.set(true);
        for (Thread t : threads) {
          t.join(TestTiming.seconds(30).toMillis());
        }
        run.closeAll();
      }
      try (CoordinationClient reader = MetaState.open(config)) {
        MetaStateService s = reader.state();
        Set<String> present = new HashSet<>(s.children("/acks"));
        assertThat(present).as("acknowledged writes").containsAll(run.acknowledged);
        assertThat(present.stream().filter(run.rejected::contains)).as("rejected writes that were applied").isEmpty();
        assertThat(run.acknowledged).as("acknowledged writes after the failover").hasSizeGreaterThanOrEqualTo(20);
        long counter = Long.parseLong(s.get("/counter").orElseThrow().dataAsString());
        assertThat(counter).as("counter = applied increments (a lower value is a lost update)")
            .isEqualTo(present.size());
      }
      assertThat(run.tokens).as("fencing tokens in grant order").isSorted().doesNotHaveDuplicates();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final class Run {
    final MetaStateConfig config;
    final AtomicBoolean stop = new AtomicBoolean();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> rejected = ConcurrentHashMap.newKeySet();
    final List<Long> tokens = new ArrayList<>();
    final CoordinationClient[] clients = new CoordinationClient[WORKERS];

    Run(MetaStateConfig config) {
      this.config = config;
    }

    synchronized CoordinationClient live(int id) {
      if (clients[id] == null || clients[id].session().state().isTerminal()) {
        if (clients[id] != null) {
          clients[id].close();
        }
        clients[id] = MetaState.open(config.with("metastate.owner-id", "w" + id));
      }
      return clients[id];
    }

    synchronized void closeAll() {
      for (CoordinationClient c : clients) {
        if (c != null) {
          c.close();
        }
      }
    }

    void work(int id) {
      int seq = 0;
      while (!stop.get()) {
        try {
          CoordinationClient c = live(id);
          Optional<LockLease> lease = c.locks().acquire("counter", Duration.ofSeconds(2));
          if (lease.isEmpty()) {
            continue;
          }
          try (LockLease held = lease.get()) {
            synchronized (tokens) {
              tokens.add(held.token().value());
            }
            long value = Long.parseLong(c.state().get("/counter").orElseThrow().dataAsString());
            String marker = "w" + id + "-" + seq++;
            try {
              c.state().multi(List.of(Op.lockHeld(held),
                  Op.set("/counter", bytes(Long.toString(value + 1)), MetaStateService.ANY_VERSION),
                  Op.create("/acks/" + marker, bytes(""), CreateMode.PERSISTENT)));
              acknowledged.add(marker);
            } catch (TransactionFailedException e) {
              rejected.add(marker);
            } catch (ConnectionLossException | SessionExpiredException e) {
              // outcome unknown: neither counted nor assumed lost
            }
          }
        } catch (CoordinationException e) {
          // failover in progress: retry with this client, or a new one once its session is over
        }
      }
    }

    void awaitAcks(int target) {
      await().atMost(TestTiming.seconds(60)).alias(target + " acknowledged increments")
          .until(() -> acknowledged.size() >= target);
    }
  }
}
