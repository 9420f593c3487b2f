package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The fenced counter: clients increment a counter under a lock, reading it and writing {@code value + 1} without a
 * version check, in a transaction fenced with {@link Op#lockHeld}. Only the fence stands between a zombie holder and a
 * lost update. Each increment also creates a marker node in the same transaction, so that an increment whose outcome
 * was unknown (connection loss) can be read back rather than guessed.
 *
 * <p>At the end: every acknowledged increment's marker exists (nothing acknowledged was lost), no marker exists for
 * a transaction that was definitely rejected, every marker belongs to an acknowledged or unknown increment, and the
 * counter equals the number of markers (no lost update, no half-applied transaction).
 */
public abstract class FencedCounterContract extends Contract {
  private static final int WORKERS = 3;

  /** Shared by the workers of one run. */
  private final class Run {
    final String counter = kit.path("counter");
    final String markers = kit.path("markers");
    final String lock = kit.lock("counter");
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> rejected = ConcurrentHashMap.newKeySet();
    final Set<String> unknown = ConcurrentHashMap.newKeySet();
    final AtomicBoolean stop = new AtomicBoolean();
    /** Worker {@code i}'s client; only worker {@code i} replaces it, so reading it never waits on a connect. */
    final AtomicReferenceArray<CoordinationClient> clients = new AtomicReferenceArray<>(WORKERS);

    Run() {
      MetaStateService s = kit.open().state();
      s.create(counter, bytes("0"), CreateMode.PERSISTENT);
      s.create(markers, bytes(""), CreateMode.PERSISTENT);
      for (int i = 0; i < WORKERS; i++) {
        clients.set(i, kit.open());
      }
    }

    CoordinationClient client(int id) {
      return clients.get(id);
    }

    /**
     * The worker's client, replaced by a new one once its session is over. Opening may block for as long as the
     * backend is down or paused; no lock is held meanwhile, so fault code can still look at every client.
     */
    CoordinationClient liveClient(int id) {
      CoordinationClient c = clients.get(id);
      if (c.session().state().isTerminal()) {
        c.close();
        c = kit.open();
        clients.set(id, c);
      }
      return c;
    }

    void work(int id) {
      int seq = 0;
      while (!stop.get()) {
        try {
          CoordinationClient c = liveClient(id);
          Optional<LockLease> lease = c.locks().acquire(lock, Timing.seconds(2));
          if (lease.isEmpty()) {
            continue;
          }
          try (LockLease held = lease.get()) {
            long value = Long.parseLong(c.state().get(counter).orElseThrow().dataAsString());
            String marker = markers + "/w" + id + "-" + seq++;
            increment(c, held, value, marker);
          }
        } catch (CoordinationException e) {
          // Session expired, backend down, lease lost while releasing: take a new client or the lock again.
        }
      }
    }

    private void increment(CoordinationClient c, LockLease lease, long value, String marker) {
      try {
        c.state().multi(List.of(Op.lockHeld(lease),
            Op.set(counter, bytes(Long.toString(value + 1)), MetaStateService.ANY_VERSION),
            Op.create(marker, bytes(""), CreateMode.PERSISTENT)));
        acknowledged.add(marker);
      } catch (TransactionFailedException | BackendUnavailableException e) {
        rejected.add(marker); // the contract says nothing was applied; the final check holds the provider to it
      } catch (ConnectionLossException | io.metastate.error.SessionExpiredException e) {
        unknown.add(marker); // applied or not: neither counted nor assumed lost; read back at the end
      }
    }

    void awaitProgress(int more) {
      int target = acknowledged.size() + more;
      kit.await(kit.timeout().multipliedBy(3)).alias(target + " acknowledged increments")
          .until(() -> acknowledged.size() >= target);
    }

    void verify() {
      MetaStateService reader = kit.open().state();
      long counted = Long.parseLong(reader.get(counter).orElseThrow().dataAsString());
      Set<String> present = new HashSet<>();
      reader.children(markers).forEach(name -> present.add(markers + "/" + name));
      assertThat(present).as("markers of acknowledged increments (missing = acknowledged write lost)")
          .containsAll(acknowledged);
      assertThat(present).as("markers of transactions reported as rejected (present = rejected yet applied)")
          .noneMatch(rejected::contains);
      Set<String> accounted = new HashSet<>(acknowledged);
      accounted.addAll(unknown);
      assertThat(accounted).as("every applied increment was acknowledged or had an unknown outcome").containsAll(present);
      assertThat(counted).as("counter after %d acknowledged, %d unknown (%d applied), %d rejected increments: a lower"
          + " value is a lost update (%s)", acknowledged.size(), unknown.size(), present.size() - acknowledged.size(),
          rejected.size(), KitSeed.replay()).isEqualTo(present.size());
    }
  }

  private void runWithFaults(int increments, Fault fault, int faults) throws Exception {
    Run run = new Run();
    try (Workers w = Workers.start(WORKERS, run::work)) {
      try {
        for (int i = 0; i < faults; i++) {
          run.awaitProgress(5);
          fault.accept(run);
        }
        run.awaitProgress(increments);
      } finally {
        run.stop.set(true);
      }
      w.join(kit.timeout().multipliedBy(2));
    }
    run.verify();
  }

  @FunctionalInterface
  private interface Fault {
    void accept(Run run);
  }

  /** Which worker a fault hits: from the run's seed, so that {@code -Dmetastate.tck.seed} replays the choice. */
  private final Random victims = KitSeed.random("fenced-counter victims");

  /** A fault that hits one worker's client, chosen by {@link #victims}, unless its session has already ended. */
  private Fault onLiveWorker(Consumer<CoordinationClient> hit) {
    return run -> {
      CoordinationClient victim = run.client(victims.nextInt(WORKERS));
      if (!victim.session().state().isTerminal()) {
        hit.accept(victim);
      }
    };
  }

  @Nested
  @DisplayName("incremented under a lock with fenced transactions")
  class Counter {
    @Test
    @DisplayName("loses no update and no acknowledged increment with 3 contending clients")
    @Verifies({"OP-8", "OP-9", "LOCK-1"})
    void noFaults() throws Exception {
      runWithFaults(40, run -> {}, 0);
    }

    @Test
    @DisplayName("loses no update and no acknowledged increment while sessions expire")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies({"OP-9", "LOCK-1"})
    void expiringSessions() throws Exception {
      runWithFaults(15, onLiveWorker(kit::expire), 3);
    }

    @Test
    @DisplayName("loses no update and no acknowledged increment across backend restarts")
    @Requires(Capability.RESTART_BACKEND)
    @Verifies({"OP-9", "LOCK-19"})
    void restarts() throws Exception {
      runWithFaults(15, run -> kit.restartBackend(), 2);
    }

    @Test
    @DisplayName("loses no update and no acknowledged increment while a client is cut off until its session expires")
    @Requires(Capability.DISCONNECT_CLIENT)
    @Verifies({"OP-9", "LOCK-1"})
    void cutOff() throws Exception {
      runWithFaults(15, onLiveWorker(victim -> {
        kit.disconnect(victim);
        kit.awaitState(victim, SessionState.EXPIRED, kit.expiryTimeout(victim));
        kit.reconnect(victim);
      }), 2);
    }

    @Test
    @DisplayName("loses no update and no acknowledged increment while the backend is paused until clients notice")
    @Requires(Capability.PAUSE_BACKEND)
    @Verifies({"OP-9", "LOCK-1"})
    void paused() throws Exception {
      runWithFaults(15, run -> {
        kit.pauseBackend();
        kit.await(kit.expiryTimeout(run.client(0))).alias("a client notices the paused backend").until(() -> {
          for (int i = 0; i < WORKERS; i++) {
            if (run.client(i).session().state() != SessionState.CONNECTED) {
              return true;
            }
          }
          return false;
        });
        kit.resumeBackend();
      }, 2);
    }
  }
}
