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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL down for longer than the session TTL while clients hold locks and ephemeral nodes: the branch of a
 * restart the sessions do not outlive. Every client sees its session SUSPENDED, then EXPIRED on its own clock, before
 * the server comes back; what the server still has of them then ends on the database clock.
 */
@DisplayName("PostgreSQL down longer than the session TTL")
class OutageBeyondTtlTest {
  private static final int CLIENTS = 3;
  /** Short, so that the outage outlives it; heartbeats (one a fifth TTL) keep the sessions alive before it. */
  private static final Duration TTL = Duration.ofSeconds(2);

  /** One state change seen by a listener: whose session or lease, and the state it entered. */
  private record Change(int client, boolean lease, Enum<?> to) {}

  private final List<Change> log = Collections.synchronizedList(new ArrayList<>());
  private final List<String> heldWhileSuspended = Collections.synchronizedList(new ArrayList<>());
  /** Held strongly, so that the handler below stays attached. */
  private final Logger clientLog = Logger.getLogger(PgClient.class.getName());
  /** Expired clients that tried to end their own session row and could not (the server was down). */
  private final AtomicInteger rowsLeft = new AtomicInteger();
  private final Handler rowsLeftCounter = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getLevel() == Level.WARNING && r.getMessage().startsWith("could not end PostgreSQL session")) {
        rowsLeft.incrementAndGet();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @Test
  @DisplayName("every held lease ends LOST, its fenced write fails and changes nothing, ephemerals go, new tokens "
      + "are higher, and acknowledged writes stay")
  void outageBeyondTtl() {
    clientLog.addHandler(rowsLeftCounter);
    try (LocalPostgres pg = LocalPostgres.start()) {
      List<CoordinationClient> clients = new ArrayList<>();
      try {
        List<LockLease> held = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          int id = i;
          CoordinationClient c = MetaState.open(config(pg).with("metastate.owner-id", "old-" + i));
          clients.add(c);
          c.session().addListener((s, from, to) -> log.add(new Change(id, false, to)));
          if (i == 0) {
            c.state().create("/outage", new byte[0], CreateMode.PERSISTENT);
            c.state().create("/outage/fenced", new byte[0], CreateMode.PERSISTENT);
          }
          LockLease lease = c.locks().acquire("lost-" + i, TestTiming.seconds(10)).orElseThrow();
          lease.addListener((l, from, to) -> log.add(new Change(id, true, to)));
          held.add(lease);
          c.state().create("/outage/eph-" + i, bytes("e" + i), CreateMode.EPHEMERAL);
          c.state().create("/outage/data-" + i, bytes("d" + i), CreateMode.PERSISTENT);
          c.state().multi(List.of(Op.lockHeld(lease), Op.set("/outage/fenced", bytes(fenced(lease)),
              MetaStateService.ANY_VERSION)));
        }
        String lastFenced = fenced(held.get(CLIENTS - 1));
        long maxOldToken = held.stream().mapToLong(l -> l.token().value()).max().orElseThrow();

        int stoppedAt = log.size();
        pg.stop();
        // Down until every client has given up (EXPIRED, after SUSPENDED: see the log below) on its own clock and
        // failed to end its row, so that the database clock and a sweep end the rows; no lease may read HELD meanwhile.
        await("old sessions EXPIRED, their rows left").atMost(TestTiming.seconds(30)).until(() -> sample(clients, held)
            && clients.stream().allMatch(c -> c.session().state() == SessionState.EXPIRED)
            && rowsLeft.get() == CLIENTS);
        pg.relaunch();

        assertThat(heldWhileSuspended).as("leases read HELD while their session was not CONNECTED").isEmpty();
        List<Change> during = List.copyOf(log.subList(stoppedAt, log.size()));
        for (int i = 0; i < CLIENTS; i++) {
          int id = i;
          List<Change> mine = during.stream().filter(ch -> ch.client() == id).toList();
          assertThat(mine.stream().filter(ch -> !ch.lease()).map(Change::to)).as("session %d after the stop", i)
              .containsSubsequence(SessionState.SUSPENDED, SessionState.EXPIRED);
          int suspended = mine.indexOf(new Change(id, false, SessionState.SUSPENDED));
          assertThat(mine.subList(suspended, mine.size())).as("client %d after its session read SUSPENDED", i)
              .doesNotContain(new Change(id, true, LeaseState.HELD));
          assertThat(held.get(i).state()).as("lease %s", held.get(i).name()).isEqualTo(LeaseState.LOST);
        }

        try (CoordinationClient fresh = MetaState.open(config(pg).with("metastate.owner-id", "fresh"))) {
          MetaStateService state = fresh.state();
          // The database ends the old sessions once its clock passes their expiry and a heartbeat's sweep runs.
          await("old ephemerals gone").atMost(TestTiming.seconds(30)).until(() -> allGone(state));
          for (int i = 0; i < CLIENTS; i++) {
            LockLease stale = held.get(i);
            MetaStateService expired = clients.get(i).state();
            // The expired client cannot write at all; its lost lease handed to a live client fails the check too.
            assertThatThrownBy(() -> expired.multi(staleWrite(stale))).as("fenced write of expired client %d", i)
                .isInstanceOf(CoordinationException.class);
            assertThatThrownBy(() -> state.multi(staleWrite(stale))).as("fenced write with lost lease %d", i)
                .isInstanceOfSatisfying(TransactionFailedException.class,
                    e -> assertThat(e.reason()).isInstanceOf(LeaseLostException.class));
          }
          assertThat(state.get("/outage/fenced").orElseThrow().dataAsString()).as("fenced node")
              .isEqualTo(lastFenced);
          for (int i = 0; i < CLIENTS; i++) {
            assertThat(state.get("/outage/data-" + i).orElseThrow().dataAsString()).isEqualTo("d" + i);
            try (LockLease again = fresh.locks().acquire("lost-" + i, TestTiming.seconds(30)).orElseThrow()) {
              assertThat(again.token().value()).as("new token of lost-%d", i).isGreaterThan(maxOldToken);
            }
            assertThat(held.get(i).state()).as("lease %s, after a new grant", held.get(i).name())
                .isEqualTo(LeaseState.LOST);
          }
        }
      } finally {
        clients.forEach(CoordinationClient::close);
      }
    } finally {
      clientLog.removeHandler(rowsLeftCounter);
    }
  }

  /** Records a lease that reads HELD while its session reads otherwise than CONNECTED; true to go on polling. */
  private boolean sample(List<CoordinationClient> clients, List<LockLease> held) {
    for (int i = 0; i < CLIENTS; i++) {
      SessionState s = clients.get(i).session().state();
      if (s != SessionState.CONNECTED && held.get(i).state() == LeaseState.HELD) {
        heldWhileSuspended.add(held.get(i).name() + " with its session " + s);
      }
    }
    return true;
  }

  private static boolean allGone(MetaStateService state) {
    return IntStream.range(0, CLIENTS).noneMatch(i -> state.exists("/outage/eph-" + i).isPresent());
  }

  private static List<Op> staleWrite(LockLease stale) {
    return List.of(Op.lockHeld(stale), Op.set("/outage/fenced", bytes("stale-" + stale.token().value()),
        MetaStateService.ANY_VERSION));
  }

  private static String fenced(LockLease lease) {
    return lease.ownerId() + "-t" + lease.token().value();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MetaStateConfig config(LocalPostgres pg) {
    return MetaStateConfig.of(Map.of("metastate.provider", PostgresProvider.NAME, PostgresKeys.URL, pg.jdbcUrl(),
        PostgresKeys.USER, LocalPostgres.USER, PostgresKeys.SCHEMA, "outage_test", PostgresKeys.POOL_SIZE, "4",
        PostgresKeys.CONNECT_TIMEOUT, "1s", PostgresKeys.REQUEST_TIMEOUT, "1s",
        "metastate.session.ttl", TTL.toMillis() + "ms"));
  }
}
