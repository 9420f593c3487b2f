package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import io.metastate.testing.etcd.EtcdctlLock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Our locks and {@code etcdctl lock} (etcd's own v3lock client) exclude each other on the same name. */
@DisplayName("etcdctl lock and metastate locks")
class EtcdctlInteropTest {
  static EtcdCluster etcd;

  @BeforeAll
  static void start() {
    EtcdctlLock.binary(); // fails with how to get it
    etcd = EtcdServers.start();
  }

  @AfterAll
  static void stop() {
    etcd.close();
  }

  private CoordinationClient open() {
    return EtcdClients.builder().endpoints(etcd.endpoints().toArray(String[]::new)).sessionTtl(Duration.ofSeconds(5))
        .ownerId("interop").open();
  }

  @Test
  @DisplayName("while etcdctl holds a lock, tryAcquire is refused and query names etcdctl's lease; after it exits we get it")
  void etcdctlExcludesUs() throws Exception {
    try (CoordinationClient c = open()) {
      long leaseOfEtcdctl;
      try (EtcdctlLock native1 = EtcdctlLock.start(etcd, "interop/a")) {
        String key = native1.awaitHeld();
        assertThat(key).startsWith("interop/a/");
        leaseOfEtcdctl = Long.parseUnsignedLong(key.substring("interop/a/".length()), 16);
        assertThat(c.locks().tryAcquire("interop/a")).isEmpty();
        assertThat(c.locks().query("interop/a")).map(LockInfo::sessionId).contains(leaseOfEtcdctl);
      }
      LockLease ours = c.locks().acquire("interop/a", TestTiming.waitLimit()).orElseThrow();
      assertThat(ours.isHeld()).isTrue();
      ours.release();
    }
  }

  @Test
  @DisplayName("while we hold a lock, etcdctl lock waits; our release lets it in, with a higher revision")
  void weExcludeEtcdctl() throws Exception {
    try (CoordinationClient c = open()) {
      LockLease ours = c.locks().tryAcquire("interop/b").orElseThrow();
      try (EtcdctlLock native1 = EtcdctlLock.start(etcd, "interop/b")) {
        // etcdctl queues behind us: its claim exists but it must not report holding the lock
        org.awaitility.Awaitility.await().atMost(TestTiming.waitLimit())
            .until(() -> c.locks().list("interop/").size() == 1 && claims(c, "interop/b") == 2);
        assertThat(native1.saidHeld()).as("etcdctl must not get the lock while we hold it").isFalse();
        ours.release();
        native1.awaitHeld();
        LockInfo holder = c.locks().query("interop/b").orElseThrow();
        assertThat(holder.sessionId()).isNotEqualTo(c.session().id());
        assertThat(holder.token()).isGreaterThan(ours.token());
      }
    }
  }

  private static long claims(CoordinationClient c, String name) throws Exception {
    try (io.etcd.jetcd.Client raw = io.etcd.jetcd.Client.builder().endpoints(etcd.endpoints().toArray(String[]::new))
        .build()) {
      return raw.getKVClient().get(Keyspace.bytes(name + "/"), io.etcd.jetcd.options.GetOption.builder()
          .isPrefix(true).withCountOnly(true).build()).get(10, TimeUnit.SECONDS).getCount();
    }
  }
}
