package io.metastate.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.testing.TestTiming;
import io.metastate.testing.postgresql.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three clients on one server, each holding a lock of its own across the restarts while cycling a shared lock with a
 * fenced write per grant (a create and a set of one shared node) and setting a counter of its own; the server is
 * restarted (immediate shutdown, WAL replay on the same data) mid-run, once quickly and once after an outage long
 * enough for the sessions to notice. The clients are never reopened: what they do after a restart, they do on the
 * objects they had before it.
 */
@DisplayName("PostgreSQL restarted while clients hold locks and write")
class RestartWhileLockedTest {
  private static final int CLIENTS = 3;
  /**
   * Long beside a restart, so that the sessions outlive the outage below and the clients go on without reopening: a
   * session reads SUSPENDED half a TTL after its last contact, the server is relaunched then, and heartbeats (one a
   * quarter TTL) resume before a full TTL has passed on the database's clock, as long as the relaunch takes under a
   * quarter TTL (7.5 s).
   */
  private static final Duration TTL = Duration.ofSeconds(30);

  /** One grant: when its acquire call began and returned, on this JVM's monotonic clock, and its token. */
  private record Grant(String name, long calledAt, long returnedAt, long token) {}

  private final Queue<Grant> grants = new ConcurrentLinkedQueue<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLongArray counterAcked = new AtomicLongArray(CLIENTS);
  private final AtomicLongArray counterAttempted = new AtomicLongArray(CLIENTS);
  private final AtomicLongArray fencedSinceMark = new AtomicLongArray(CLIENTS);
  private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();

  @Test
  @DisplayName("tokens keep increasing, no acknowledged write is lost, held leases end HELD or LOST honestly, and "
      + "the clients recover without being reopened")
  void restartUnderLoad() throws Exception {
    try (LocalPostgres pg = LocalPostgres.start()) {
      List<CoordinationClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(MetaState.open(config(pg).with("metastate.owner-id", "c" + i)));
        }
        MetaStateService setup = clients.get(0).state();
        setup.createWithParents("/restart/log", new byte[0], CreateMode.PERSISTENT);
        setup.create("/restart/fenced", new byte[0], CreateMode.PERSISTENT);
        List<LockLease> held = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          setup.create("/restart/counter-" + i, bytes(0), CreateMode.PERSISTENT);
          held.add(acquire(clients.get(i), "held-" + i));
        }
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          int id = i;
          Thread t = new Thread(() -> work(clients.get(id), id), "worker-" + i);
          t.start();
          workers.add(t);
        }
        await().atMost(TestTiming.seconds(60)).until(() -> acknowledged.size() >= 10 * CLIENTS);

        // A quick restart, which requests waiting for a connection may ride out, then a long outage: down until every
        // session has noticed (SUSPENDED, its leases no longer HELD) and calls have failed, then back.
        long restartBegan = System.nanoTime();
        pg.restart();
        awaitEveryClientWritesAgain();
        long outageBegan = System.nanoTime();
        pg.stop();
        await().atMost(TestTiming.seconds(60)).until(() -> refused.get() >= CLIENTS
            && clients.stream().allMatch(c -> c.session().state() == SessionState.SUSPENDED));
        assertThat(held).as("leases of suspended sessions").noneMatch(LockLease::isHeld);
        pg.relaunch();
        awaitEveryClientWritesAgain();
        stop.set(true);
        for (Thread t : workers) {
          t.join(TestTiming.seconds(60).toMillis());
          assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
        }
        assertThat(unexpected).as("errors other than the coordination ones a restart may cause").isEmpty();

        assertTokensIncrease(restartBegan);
        assertTokensIncrease(outageBegan);
        assertAcknowledgedWritesPresent(clients.get(0).state());
        List<LeaseState> outcomes = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          outcomes.add(assertHonest(clients.get(i), held.get(i)));
        }
        System.out.printf("restart under load: %d grants, %d fenced writes acknowledged, %d calls failed, held "
            + "leases %s%n", grants.size(), acknowledged.size(), refused.get(), outcomes);
      } finally {
        clients.forEach(CoordinationClient::close);
      }
    }
  }

  /** Waits until every client, on its own object, has been granted the shared lock and written three more times. */
  private void awaitEveryClientWritesAgain() {
    for (int i = 0; i < CLIENTS; i++) {
      fencedSinceMark.set(i, 0);
    }
    await().atMost(TestTiming.seconds(90)).until(() -> allAtLeast(fencedSinceMark, 3));
  }

  /** Cycles the shared lock with a fenced create per grant, then sets this client's counter; until told to stop. */
  private void work(CoordinationClient c, int id) {
    long seq = 0;
    while (!stop.get()) {
      try {
        long calledAt = System.nanoTime();
        var lease = c.locks().acquire("cycle", Duration.ofSeconds(2));
        if (lease.isPresent()) {
          LockLease l = lease.get();
          grants.add(new Grant("cycle", calledAt, System.nanoTime(), l.token().value()));
          try {
            String name = "c" + id + "-" + seq++ + "-t" + l.token().value();
            c.state().multi(List.of(Op.lockHeld(l), Op.create("/restart/log/" + name, new byte[] {1},
                CreateMode.PERSISTENT), Op.set("/restart/fenced", name.getBytes(StandardCharsets.UTF_8),
                MetaStateService.ANY_VERSION)));
            acknowledged.add(name);
            fencedSinceMark.incrementAndGet(id);
          } finally {
            release(l);
          }
        }
        long value = counterAttempted.incrementAndGet(id);
        c.state().set("/restart/counter-" + id, bytes(value), MetaStateService.ANY_VERSION);
        counterAcked.set(id, value);
      } catch (CoordinationException e) {
        refused.incrementAndGet();
        // The server is down or just back: the outcome of that call is unknown or it did not happen; go on with
        // the same client.
      } catch (RuntimeException | Error e) {
        unexpected.add(e);
        return;
      }
    }
  }

  /** Releases {@code lease}, retrying while the server is unreachable: a lease left held would block the others. */
  private static void release(LockLease lease) {
    try {
      lease.release();
      return;
    } catch (CoordinationException e) {
      // retried below, until the server answers
    }
    await().atMost(TestTiming.seconds(60)).ignoreExceptionsInstanceOf(CoordinationException.class)
        .pollInterval(Duration.ofMillis(50)).until(() -> {
          lease.release();
          return true;
        });
  }

  /** Every grant's token exceeds the token of every grant of the same name whose acquire returned before it began. */
  private void assertTokensIncrease(long restartBegan) {
    List<Grant> all = new ArrayList<>(grants);
    for (Grant later : all) {
      for (Grant earlier : all) {
        if (earlier.name().equals(later.name()) && earlier.returnedAt() < later.calledAt()) {
          assertThat(later.token()).as("token of a grant after %s", earlier).isGreaterThan(earlier.token());
        }
      }
    }
    long maxBefore = all.stream().filter(g -> g.returnedAt() < restartBegan).mapToLong(Grant::token).max()
        .orElseThrow();
    assertThat(all.stream().filter(g -> g.calledAt() > restartBegan).mapToLong(Grant::token))
        .as("tokens granted after the restart").isNotEmpty().allMatch(t -> t > maxBefore);
  }

  private void assertAcknowledgedWritesPresent(MetaStateService state) {
    assertThat(state.children("/restart/log")).as("acknowledged fenced writes").containsAll(acknowledged);
    // Fenced sets of one node under one lock: the last holder's write stands, never an earlier holder's.
    String last = new String(state.get("/restart/fenced").orElseThrow().data(), StandardCharsets.UTF_8);
    assertThat(tokenOf(last)).as("token of the last fenced set, %s", last)
        .isGreaterThanOrEqualTo(acknowledged.stream().mapToLong(RestartWhileLockedTest::tokenOf).max().orElseThrow());
    for (int i = 0; i < CLIENTS; i++) {
      long value = Long.parseLong(new String(state.get("/restart/counter-" + i).orElseThrow().data(),
          StandardCharsets.UTF_8));
      // The last acknowledged set, or a later one whose reply the restart swallowed: never anything older.
      assertThat(value).as("counter %d", i).isGreaterThanOrEqualTo(counterAcked.get(i))
          .isLessThanOrEqualTo(counterAttempted.get(i));
    }
  }

  /**
   * A lease held across the restart reads HELD or LOST once its client is connected again, and acts accordingly: a
   * HELD one still owns its lock and its fenced write passes; a LOST one's fenced write fails and changes nothing,
   * and its lock can be taken again with a higher token. Returns the state it settled in.
   */
  private static LeaseState assertHonest(CoordinationClient c, LockLease lease) {
    await().atMost(TestTiming.seconds(30)).until(() -> c.session().state() == SessionState.CONNECTED);
    await().atMost(TestTiming.seconds(30))
        .until(() -> lease.state() == LeaseState.HELD || lease.state() == LeaseState.LOST);
    String name = lease.name() + "-after-restart";
    LeaseState settled = lease.state();
    if (settled == LeaseState.HELD) {
      assertThat(c.locks().query(lease.name())).as("owner of %s", lease.name()).hasValueSatisfying(info -> {
        assertThat(info.sessionId()).isEqualTo(c.session().id());
        assertThat(info.token()).isEqualTo(lease.token());
      });
      fencedCreate(c.state(), lease, name);
      assertThat(c.state().exists("/restart/log/" + name)).isPresent();
    } else {
      assertThatThrownBy(() -> fencedCreate(c.state(), lease, name))
          .isInstanceOfAny(TransactionFailedException.class, LeaseLostException.class);
      assertThat(c.state().exists("/restart/log/" + name)).as("a write fenced by a lost lease").isEmpty();
      LockLease again = acquire(c, lease.name());
      assertThat(again.token()).isGreaterThan(lease.token());
      again.release();
    }
    lease.release();
    return settled;
  }

  private static void fencedCreate(MetaStateService state, LockLease lease, String name) {
    state.multi(List.of(Op.lockHeld(lease), Op.create("/restart/log/" + name, new byte[] {1}, CreateMode.PERSISTENT)));
  }

  private static LockLease acquire(CoordinationClient c, String name) {
    return c.locks().acquire(name, TestTiming.seconds(30)).orElseThrow(
        () -> new AssertionError(c.session().ownerId() + " could not acquire " + name));
  }

  /** The token in a fenced write's name, {@code c<client>-<seq>-t<token>}. */
  private static long tokenOf(String name) {
    return Long.parseLong(name.substring(name.lastIndexOf("-t") + 2));
  }

  private static boolean allAtLeast(AtomicLongArray counts, long min) {
    for (int i = 0; i < counts.length(); i++) {
      if (counts.get(i) < min) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.UTF_8);
  }

  private static MetaStateConfig config(LocalPostgres pg) {
    return MetaStateConfig.of(Map.of("metastate.provider", PostgresProvider.NAME, PostgresKeys.URL, pg.jdbcUrl(),
        PostgresKeys.USER, LocalPostgres.USER, PostgresKeys.SCHEMA, "restart_test", PostgresKeys.POOL_SIZE, "4",
        PostgresKeys.CONNECT_TIMEOUT, "2s", PostgresKeys.REQUEST_TIMEOUT, "3s",
        "metastate.session.ttl", TTL.toMillis() + "ms"));
  }
}
