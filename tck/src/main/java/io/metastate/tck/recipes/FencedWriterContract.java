package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.ClientClosedException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.SessionExpiredException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.Leadership;
import io.metastate.recipes.fenced.Fence;
import io.metastate.recipes.fenced.FencedWriter;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.tck.Capability;
import io.metastate.tck.Contract;
import io.metastate.tck.Requires;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fenced writes: applied while the fence holds, rejected (and not applied) once it does not. */
public abstract class FencedWriterContract extends Contract {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A writer on {@code a}'s state, fenced by a lock that {@code a} takes and keeps. */
  private FencedWriter heldWriter(CoordinationClient a) {
    return FencedWriter.of(a.state(), a.locks().tryAcquire(kit.lock("job")).orElseThrow());
  }

  @Test
  @DisplayName("while the lease holds, writes apply and results leave out the guard")
  void writesWhileHeld() {
    CoordinationClient a = kit.open();
    FencedWriter writer = heldWriter(a);
    String dir = kit.path("jobs");
    writer.create(dir, bytes(""), CreateMode.PERSISTENT);
    String seq = writer.create(dir + "/run-", bytes("1"), CreateMode.PERSISTENT_SEQUENTIAL);
    assertThat(seq).matches(java.util.regex.Pattern.quote(dir + "/run-") + "\\d{10}");
    assertThat(writer.set(seq, bytes("2"), 0).version()).isEqualTo(1);
    List<OpResult> results = writer.multi(List.of(Op.set(seq, bytes("3"), 1),
        Op.create(dir + "/x", null, CreateMode.PERSISTENT)));
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).isInstanceOf(OpResult.Updated.class);
    assertThat(results.get(1)).isInstanceOf(OpResult.Created.class);
    writer.delete(dir + "/x", MetaStateService.ANY_VERSION);
    assertThat(a.state().get(seq).orElseThrow().dataAsString()).isEqualTo("3");
    assertThat(a.state().exists(dir + "/x")).isEmpty();
  }

  @Test
  @DisplayName("an operation's own failure is reported at its index among the caller's operations; nothing applies")
  void ownFailure() {
    CoordinationClient a = kit.open();
    FencedWriter writer = heldWriter(a);
    a.state().create(kit.path("v"), bytes("0"), CreateMode.PERSISTENT);
    assertThatThrownBy(() -> writer.multi(List.of(Op.create(kit.path("w"), null, CreateMode.PERSISTENT),
        Op.set(kit.path("v"), bytes("1"), 7))))
        .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
          assertThat(e.failedOpIndex()).isEqualTo(1);
          assertThat(e.reason()).isInstanceOf(BadVersionException.class);
        });
    assertThat(a.state().exists(kit.path("w"))).isEmpty();
    assertThatThrownBy(() -> writer.multi(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("after a force-release and a new grant, the old holder's writes are rejected with LeaseLostException")
  void forceReleased() {
    List<CoordinationClient> c = kit.open(2);
    String lock = kit.lock("job");
    LockLease old = c.get(0).locks().tryAcquire(lock).orElseThrow();
    assertHandedOver(c, Fence.of(old), () -> {
      assertThat(c.get(1).locks().forceRelease(lock)).isTrue();
      return Fence.of(c.get(1).locks().acquire(lock, kit.timeout()).orElseThrow());
    }, e -> assertThat(e.lockName()).isEqualTo(lock));
  }

  @Test
  @DisplayName("a resigned leadership refuses writes; the next leader's writes apply")
  void resignedLeadership() {
    List<CoordinationClient> c = kit.open(2);
    String election = kit.lock("e");
    LeaderCandidate ca = LeaderCandidate.builder(c.get(0), election).start();
    Leadership first = ca.awaitLeadership(kit.timeout()).orElseThrow();
    LeaderCandidate cb = LeaderCandidate.builder(c.get(1), election).start();
    assertHandedOver(c, first, () -> {
      ca.resign();
      return cb.awaitLeadership(kit.timeout()).orElseThrow();
    }, e -> {});
  }

  /**
   * Session 0 writes a node through {@code old}; {@code handOver} moves the fence to session 1 and returns the new
   * one. From then on session 1's writes apply, and session 0's are refused with LeaseLostException ({@code refusal}
   * checks more of it) and leave the node as session 1 wrote it.
   */
  private void assertHandedOver(List<CoordinationClient> c, Fence old, Supplier<Fence> handOver,
      Consumer<LeaseLostException> refusal) {
    String v = kit.path("v");
    c.get(0).state().create(v, bytes("0"), CreateMode.PERSISTENT);
    FencedWriter stale = FencedWriter.of(c.get(0).state(), old);
    stale.set(v, bytes("old"), MetaStateService.ANY_VERSION);
    FencedWriter fresh = FencedWriter.of(c.get(1).state(), handOver.get());
    fresh.set(v, bytes("fresh"), MetaStateService.ANY_VERSION);
    assertThatThrownBy(() -> stale.set(v, bytes("stale"), MetaStateService.ANY_VERSION))
        .isInstanceOfSatisfying(LeaseLostException.class, refusal);
    assertThat(c.get(1).state().get(v).orElseThrow().dataAsString()).isEqualTo("fresh");
  }

  @Test
  @Requires(Capability.EXPIRE_SESSION)
  @DisplayName("paused leader: its session expires while it keeps writing; after the next election none of its writes apply")
  void pausedLeader() throws InterruptedException {
    List<CoordinationClient> c = kit.open(2);
    String election = kit.lock("e");
    String shared = kit.path("shared");
    c.get(0).state().create(shared, bytes("init"), CreateMode.PERSISTENT);
    LeaderCandidate ca = LeaderCandidate.builder(c.get(0), election).start();
    Leadership old = ca.awaitLeadership(kit.timeout()).orElseThrow();
    LeaderCandidate cb = LeaderCandidate.builder(c.get(1), election).start();

    Map<Integer, Long> starts = new ConcurrentHashMap<>(); // attempt -> start time
    List<Integer> applied = new CopyOnWriteArrayList<>();
    List<Integer> rejected = new CopyOnWriteArrayList<>();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    // The "paused" leader ignores every notification and keeps writing with its old term.
    FencedWriter oldWriter = FencedWriter.of(c.get(0).state(), old);
    Thread paused = new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        starts.put(i, System.nanoTime());
        try {
          oldWriter.set(shared, bytes("old-" + i), MetaStateService.ANY_VERSION);
          applied.add(i);
        } catch (LeaseLostException | SessionExpiredException | ClientClosedException e) {
          rejected.add(i);
        } catch (TransactionFailedException e) {
          if (e.reason() instanceof LeaseLostException) {
            rejected.add(i);
          } else {
            unexpected.add(e);
          }
        } catch (ConnectionLossException outcomeUnknown) {
          // Neither counted as rejected nor as applied: the data below shows whether it landed.
        } catch (RuntimeException e) {
          unexpected.add(e);
        }
      }
    }, "paused-leader");
    paused.start();
    try {
      kit.await().until(() -> applied.size() >= 3);
      kit.expire(c.get(0));
      Leadership fresh = cb.awaitLeadership(kit.expiryTimeout(c.get(0))).orElseThrow();
      long electedAt = System.nanoTime();
      Node seen = c.get(1).state().get(shared).orElseThrow();
      String last = seen.dataAsString();
      if (last.startsWith("old-")) {
        assertThat(starts.get(Integer.parseInt(last.substring(4))))
            .as("the old leader's write found by the new leader started before the election").isLessThan(electedAt);
      }
      // Compare-and-set: an old write landing between the read and this write would make it fail.
      FencedWriter.of(c.get(1).state(), fresh).set(shared, bytes("new"), seen.stat().version());
      kit.await().until(() -> rejected.stream().filter(i -> starts.get(i) > electedAt).count() >= 20);
      stop.set(true);
      paused.join();
      assertThat(unexpected).as("writes failing for other reasons than a lost fence").isEmpty();
      assertThat(applied).as("writes of the old leader applied although they started after the election")
          .noneMatch(i -> starts.get(i) > electedAt);
      assertThat(fresh.token()).isGreaterThan(old.token());
      assertThat(c.get(1).state().get(shared).orElseThrow().dataAsString())
          .as("no write of the old leader landed after the new leader's").isEqualTo("new");
    } finally {
      stop.set(true);
      paused.join();
    }
  }
}
