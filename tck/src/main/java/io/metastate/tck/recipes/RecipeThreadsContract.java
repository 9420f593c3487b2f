package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.LeaderObserver;
import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.metastate.recipes.rangelock.KeyRange;
import io.metastate.recipes.rangelock.LockMode;
import io.metastate.tck.Contract;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The recipes' threads belong to the recipe: closing a candidate, an observer or a key-lock space, or the client
 * under them, ends its threads, so that nothing outlives an application that is redeployed in a running JVM.
 */
public abstract class RecipeThreadsContract extends Contract {
  private static final String ELECTION_THREADS = "metastate-election-";
  private static final String KEY_LOCK_THREADS = "metastate-keylocks-";

  /**
   * Leads, observes the leader, and has a waiter granted: every kind of work the election recipe does on a thread.
   * Returns what is still open: the second candidate and the observer.
   */
  private List<AutoCloseable> elect(CoordinationClient a, CoordinationClient b, String election) {
    LeaderCandidate first = LeaderCandidate.builder(a, election).listener(new Recorder(a)).start();
    LeaderObserver observer = LeaderObserver.open(b, election);
    first.awaitLeadership(kit.timeout()).orElseThrow();
    kit.await().until(() -> observer.leader().isPresent());
    LeaderCandidate second = LeaderCandidate.builder(b, election).listener(new Recorder(b)).start();
    first.close();
    second.awaitLeadership(kit.timeout()).orElseThrow();
    return List.of(second, observer);
  }

  /** Locks a key in two spaces, so that the second waits and is granted by the space's evaluation. */
  private void lockInTurn(KeyLockSpace first, KeyLockSpace second) {
    KeyLease held = first.tryLock("k", LockMode.WRITE).orElseThrow();
    CompletableFuture<KeyLease> waiting = second.lockAsync(KeyRange.point("k"), LockMode.WRITE);
    held.close();
    waiting.orTimeout(kit.timeout().toMillis(), TimeUnit.MILLISECONDS).join().close();
  }

  private void awaitNoThreadNamed(String prefix) {
    kit.await().untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith(prefix)))
        .as("threads named %s* still alive", prefix).isEmpty());
  }

  @Test
  @DisplayName("closing its candidates and observers ends the election recipe's threads")
  void electionClosed() throws Exception {
    List<CoordinationClient> c = kit.open(2);
    for (AutoCloseable open : elect(c.get(0), c.get(1), kit.lock("e"))) {
      open.close();
    }
    awaitNoThreadNamed(ELECTION_THREADS);
  }

  @Test
  @DisplayName("closing its spaces ends the key-lock recipe's threads")
  void spacesClosed() {
    List<CoordinationClient> c = kit.open(2);
    String name = kit.lock("space");
    KeyLockSpace first = KeyLockSpace.open(c.get(0), name);
    KeyLockSpace second = KeyLockSpace.open(c.get(1), name);
    lockInTurn(first, second);
    first.close();
    second.close();
    awaitNoThreadNamed(KEY_LOCK_THREADS);
  }

  @Test
  @DisplayName("closing the client ends the threads of the recipes still open on it")
  void clientClosed() {
    List<CoordinationClient> c = kit.open(2);
    elect(c.get(0), c.get(1), kit.lock("e"));
    String name = kit.lock("space");
    lockInTurn(KeyLockSpace.open(c.get(0), name), KeyLockSpace.open(c.get(1), name));
    c.get(0).close();
    c.get(1).close();
    awaitNoThreadNamed(ELECTION_THREADS);
    awaitNoThreadNamed(KEY_LOCK_THREADS);
  }
}
