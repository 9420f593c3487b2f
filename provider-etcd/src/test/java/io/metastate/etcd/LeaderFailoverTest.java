package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import io.metastate.testing.TestTiming;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A 3-member cluster on loopback; two clients take turns under one lock and append fenced writes, while the raft
 * leader is SIGKILLed and later restarted. Every grant's token exceeds the previous grant's, and every acknowledged
 * write is still there at the end.
 */
@DisplayName("etcd leader killed while clients hold locks and write")
class LeaderFailoverTest {
  @Test
  @DisplayName("fencing tokens keep increasing and no acknowledged write is lost")
  void leaderKill() throws Exception {
    try (EtcdCluster etcd = EtcdServers.startLocal(3)) {
      List<Long> grants = Collections.synchronizedList(new ArrayList<>());
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger errors = new AtomicInteger();
      try (CoordinationClient setup = open(etcd, "setup")) {
        setup.state().createWithParents("/failover/log", new byte[0], CreateMode.PERSISTENT);
      }
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int id = w;
        Thread t = new Thread(() -> work(etcd, id, grants, acknowledged, stop, errors), "worker-" + w);
        t.start();
        workers.add(t);
      }
      Awaitility.await().atMost(TestTiming.seconds(30)).until(() -> acknowledged.size() >= 10);
      int leader = etcd.leader();
      etcd.kill(leader);
      int before = acknowledged.size();
      Awaitility.await().atMost(TestTiming.seconds(60)).until(() -> acknowledged.size() >= before + 10);
      etcd.restart(leader);
      int afterRestart = acknowledged.size();
      Awaitility.await().atMost(TestTiming.seconds(30)).until(() -> acknowledged.size() >= afterRestart + 5);
      stop.set(true);
      for (Thread t : workers) {
        t.join(TestTiming.seconds(30).toMillis());
      }
      List<Long> tokens = new ArrayList<>(grants);
      for (int i = 1; i < tokens.size(); i++) {
        assertThat(tokens.get(i)).as("grant %d of %s", i, tokens).isGreaterThan(tokens.get(i - 1));
      }
      try (CoordinationClient reader = open(etcd, "reader")) {
        List<String> present = reader.state().children("/failover/log");
        assertThat(present).as("acknowledged writes").containsAll(acknowledged);
      }
    }
  }

  private static CoordinationClient open(EtcdCluster etcd, String owner) {
    return EtcdClients.builder().endpoints(etcd.endpoints().toArray(String[]::new)).sessionTtl(Duration.ofSeconds(5))
        .ownerId(owner).requestTimeout(Duration.ofSeconds(3)).open();
  }

  private static void work(EtcdCluster etcd, int id, List<Long> grants, Set<String> acknowledged,
      AtomicBoolean stop, AtomicInteger errors) {
    CoordinationClient c = null;
    int seq = 0;
    while (!stop.get()) {
      try {
        if (c == null || c.session().state().isTerminal()) {
          if (c != null) {
            c.close();
          }
          c = open(etcd, "w" + id);
        }
        var lease = c.locks().acquire("failover", Duration.ofSeconds(2));
        if (lease.isEmpty()) {
          continue;
        }
        try (LockLease held = lease.get()) {
          grants.add(held.token().value()); // holders are exclusive, so this list is in grant order
          String name = "w" + id + "-" + seq++ + "-t" + held.token().value();
          try {
            c.state().multi(List.of(Op.lockHeld(held),
                Op.create("/failover/log/" + name, "x".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT)));
            acknowledged.add(name);
          } catch (TransactionFailedException rejected) {
            // the lease was lost meanwhile: nothing applied
          }
        }
      } catch (CoordinationException e) {
        // Leader change, unreachable member. A release that could not reach etcd leaves the lease held by this
        // session (as the contract says): start over with a new session rather than wait for the lock we hold.
        errors.incrementAndGet();
        if (c != null) {
          c.close();
          c = null;
        }
      }
    }
    if (c != null) {
      c.close();
    }
  }
}
