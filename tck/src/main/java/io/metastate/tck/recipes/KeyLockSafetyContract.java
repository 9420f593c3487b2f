package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.recipes.fenced.Fence;
import io.metastate.recipes.fenced.FencedWriter;
import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.metastate.recipes.rangelock.LockMode;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.tck.AcquireRuleChecks;
import io.metastate.tck.Capability;
import io.metastate.tck.Contract;
import io.metastate.tck.Requires;
import io.metastate.tck.wire.LoopbackProxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Key locks where they must stay safe: fences after the space is re-created, lost replies, and the waiting rule of
 * {@link io.metastate.lock.DistributedLockService#acquire}: a timeout of zero or less is one try, an interrupted wait
 * withdraws its request and throws {@link OperationInterruptedException} with the flag still set.
 */
public abstract class KeyLockSafetyContract extends Contract {
  /** A fence as its holder still believes in it: valid, with the token and guards it was granted. */
  private record Believed(String fenceName, FencingToken token, List<Op> guardOps) implements Fence {
    @Override
    public boolean isValid() {
      return true;
    }
  }
  @Test
  @DisplayName("a grant is fenced by its own node, not its name: once the space is deleted and re-created, a stale"
      + " grant's write is rejected and applies nothing, even where another session's request took the same name")
  void fenceAfterSpaceRecreated() {
    List<CoordinationClient> c = kit.open(2);
    String name = kit.lock("space");
    String space = node(name);
    String data = kit.path("data");
    c.get(0).state().create(data, "v0".getBytes(), CreateMode.PERSISTENT);
    KeyLease stale = KeyLockSpace.open(c.get(0), name).tryLock("k", LockMode.WRITE).orElseThrow();
    // An operator deletes the whole space; the next client re-creates it, and sequence names start over.
    c.get(1).state().deleteRecursive(space);
    KeyLease fresh = KeyLockSpace.open(c.get(1), name).tryLock("k", LockMode.WRITE).orElseThrow();
    // The stale holder may not have heard of the deletion yet: its fence, as it still believes in it.
    Fence believed = new Believed(stale.fenceName(), stale.token(), stale.guardOps());
    assertThatThrownBy(() -> FencedWriter.of(c.get(0).state(), believed).set(data, "stale".getBytes(),
        MetaStateService.ANY_VERSION)).as("a write fenced by the grant whose node was deleted")
        .isInstanceOf(LeaseLostException.class);
    assertThat(c.get(1).state().get(data).orElseThrow().dataAsString()).isEqualTo("v0");
    FencedWriter.of(c.get(1).state(), fresh).set(data, "fresh".getBytes(), MetaStateService.ANY_VERSION);
    assertThat(c.get(1).state().get(data).orElseThrow().dataAsString()).isEqualTo("fresh");
    // The holder itself finds out, although a node of the same name may be in line again.
    kit.await().alias("the stale grant reads LOST").until(() -> stale.state() == LeaseState.LOST);
    assertThat(fresh.isHeld()).isTrue();
  }

  @Test
  @DisplayName("lock with a timeout of zero or less is one try: a free key is granted, a held one gives empty at once"
      + " and leaves no request behind")
  void notPositiveTimeoutIsOneTry() {
    AcquireRuleChecks checks = checks(kit.open(3), kit.lock("space"));
    checks.notPositiveGrantsFree();
    checks.notPositiveOnHeldLeavesNothing("k");
  }

  @Test
  @DisplayName("lock with the interrupt flag set on entry throws OperationInterruptedException, keeps the flag, and"
      + " queues nothing, on a free or a held key")
  void interruptedOnEntry() {
    checks(kit.open(3), kit.lock("space")).interruptedOnEntry();
  }

  @Test
  @DisplayName("lock interrupted while it waits throws OperationInterruptedException, keeps the flag, and withdraws its"
      + " request")
  void interruptedWhileWaiting() {
    List<CoordinationClient> c = kit.open(3);
    String name = kit.lock("space");
    checks(c, name).interruptedWhileWaiting("k", () -> c.get(2).state().children(node(name)).size() == 2);
  }

  /** The acquire rule's checks on the keys of space {@code name}, as the first three of {@code c} see them. */
  private AcquireRuleChecks checks(List<CoordinationClient> c, String name) {
    return new AcquireRuleChecks(kit, new AcquireRuleChecks.Words("lock", "key", "request"),
        keyTaker(c.get(0), name), keyTaker(c.get(1), name), keyTaker(c.get(2), name));
  }

  private static AcquireRuleChecks.Taker keyTaker(CoordinationClient client, String name) {
    KeyLockSpace space = KeyLockSpace.open(client, name);
    return new AcquireRuleChecks.Taker() {
      @Override
      public Optional<AcquireRuleChecks.Taken> tryTake(String key) {
        return space.tryLock(key, LockMode.WRITE).map(KeyLockSafetyContract::taken);
      }

      @Override
      public Optional<AcquireRuleChecks.Taken> take(String key, Duration timeout) {
        return space.lock(key, LockMode.WRITE, timeout).map(KeyLockSafetyContract::taken);
      }

      @Override
      public long sessionId() {
        return client.session().id();
      }
    };
  }

  private static AcquireRuleChecks.Taken taken(KeyLease lease) {
    return new AcquireRuleChecks.Taken(lease.sessionId(), lease::isHeld, lease::release);
  }

  /** The node of key lock space {@code name}, where its requests queue. */
  private static String node(String name) {
    return "/metastate/keylocks/" + name;
  }

  @Test
  @Requires(Capability.NETWORK_FAULTS)
  @DisplayName("a request whose create reply was lost leaves no node of its session behind, and neither that session"
      + " nor another waits behind it")
  void lostCreateReply() {
    List<CoordinationClient> c = kit.open(2);
    String name = kit.lock("space");
    String space = node(name);
    KeyLockSpace a = KeyLockSpace.open(c.get(0), name);
    KeyLockSpace b = KeyLockSpace.open(c.get(1), name);
    LoopbackProxy proxy = kit.fixture().proxy(c.get(0));
    try {
      // The create of the request node reaches the backend and is applied; its reply never comes back.
      CompletableFuture<Void> tripped = proxy.loseNextReply(space + "/r-");
      Optional<KeyLease> outcome;
      try {
        outcome = a.tryLock("k", LockMode.WRITE);
      } catch (ConnectionLossException unknown) {
        outcome = Optional.empty(); // the outcome is unknown to the caller: the recipe must clean up
      }
      assertThat(tripped).as("the create was sent through the armed proxy").isDone();
      outcome.ifPresent(KeyLease::release);
      // Its own session neither waits behind its leftover nor takes it for a recursive request (tries that meet the
      // connection still down are repeated; a session that expired fails them for good)...
      KeyLease again = kit.await().alias("the session whose create reply was lost takes the key")
          .ignoreExceptionsMatching(e -> e instanceof ConnectionLossException
              || e instanceof BackendUnavailableException)
          .until(() -> a.lock("k", LockMode.WRITE, kit.timeout().dividedBy(4)), Optional::isPresent).orElseThrow();
      again.release();
      // ...nor does another session, and no node of the session stays behind.
      b.lock("k", LockMode.WRITE, kit.timeout()).orElseThrow(
          () -> new AssertionError("another session waited behind the node of a lost create")).release();
      long session = c.get(0).state().session().id();
      kit.await().alias("no request node of the session whose create reply was lost")
          .until(() -> c.get(1).state().children(space).stream()
              .map(child -> c.get(1).state().exists(space + "/" + child))
              .noneMatch(stat -> stat.isPresent() && stat.get().ephemeralOwner() == session));
    } finally {
      proxy.heal();
    }
  }
}
