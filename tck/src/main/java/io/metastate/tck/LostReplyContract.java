package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A request reaches the backend and is applied, but its reply never comes back and the connection drops: the outcome
 * is unknown to the client. Whatever the client then reports, nothing it did may outlive the session TTL as an orphan
 * (a claim nobody owns, a queue stuck behind it, a duplicate or half a transaction), and the client's healthy session
 * must survive with everything else it holds.
 */
@Requires(Capability.NETWORK_FAULTS)
public abstract class LostReplyContract extends Contract {

  /** The session that suffers the lost reply, with a lock and an ephemeral node that must come through intact. */
  private final class Victim {
    final CoordinationClient client;
    final LockLease keptLease;
    final String keptNode;
    final Transitions told = new Transitions();

    Victim(CoordinationClient client) {
      this.client = client;
      this.keptLease = client.locks().tryAcquire(kit.lock("kept")).orElseThrow();
      this.keptNode = client.state().create(kit.path("kept"), bytes("kept"), CreateMode.EPHEMERAL);
      client.session().addListener(told);
    }

    /** Arms the proxy: the next request carrying {@code marker} is applied, its reply lost. */
    CompletableFuture<Void> loseNextReply(String marker) {
      return kit.proxy(client).loseNextReply(marker);
    }

    /** Runs {@code call} with the reply of its request carrying {@code marker} lost, and checks the fault caught it. */
    <T> Optional<T> loseReplyOf(String marker, Supplier<T> call) throws Exception {
      CompletableFuture<Void> fault = loseNextReply(marker);
      Optional<T> result = unknownOutcome(call);
      tripped(fault, marker);
      return result;
    }

    /** The session came through: CONNECTED again, never EXPIRED, its other lock and ephemeral node still there. */
    void assertHealthy(CoordinationClient observer) {
      // One read decides: on a loaded machine the session may read SUSPENDED again an instant after CONNECTED.
      SessionState settled = kit.await(kit.expiryTimeout(client)).alias("the session reads CONNECTED again (or ends)")
          .until(() -> client.session().state(), s -> s == SessionState.CONNECTED || s.isTerminal());
      assertThat(settled).as("state of a healthy session after a lost reply; transitions %s", told.seen())
          .isEqualTo(SessionState.CONNECTED);
      kit.await().alias("the kept lease reads HELD again").until(() -> keptLease.state() == LeaseState.HELD);
      assertThat(told.seen()).as("session transitions of a healthy session").noneMatch(s -> s.endsWith("EXPIRED"));
      assertThat(observer.state().exists(keptNode)).as("the session's other ephemeral node")
          .hasValueSatisfying(s -> assertThat(s.ephemeralOwner()).isEqualTo(client.session().id()));
      assertThat(observer.locks().query(kit.lock("kept"))).as("the session's other lock")
          .hasValueSatisfying(i -> assertThat(i.token()).isEqualTo(keptLease.token()));
    }
  }

  /** Bound for what must heal on its own while the session lives: the session TTL, scaled, plus the usual margin. */
  private Duration orphanBound(CoordinationClient c) {
    return kit.expiryTimeout(c);
  }

  /** Runs a call whose reply is lost: it may return or throw a CoordinationException (outcome unknown). */
  private static <T> Optional<T> unknownOutcome(Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (CoordinationException e) {
      return Optional.empty();
    }
  }

  /**
   * What one create, in a fresh directory, whose reply was lost left, as {@code observer} (another session) sees it:
   * what it returned, and at most one child.
   */
  private record LostCreate(Victim victim, CoordinationClient observer, String dir, Optional<String> created,
      List<String> children) {}

  /**
   * Opens a victim and an observer, creates {@code dir/prefix} ({@code mode}) with the reply lost; once the session
   * came through healthy, checks that the create made at most one node.
   */
  private LostCreate lostCreate(String prefix, String data, CreateMode mode) throws Exception {
    List<CoordinationClient> c = kit.open(2);
    Victim a = new Victim(c.get(0));
    CoordinationClient observer = c.get(1);
    String dir = observer.state().create(kit.path("lostdir"), new byte[0], CreateMode.PERSISTENT);
    Optional<String> created = a.loseReplyOf(prefix, () -> a.client.state().create(dir + "/" + prefix, bytes(data),
        mode));
    a.assertHealthy(observer);
    List<String> children = observer.state().children(dir);
    assertThat(children).as("nodes made by one create whose reply was lost").hasSizeLessThanOrEqualTo(1);
    return new LostCreate(a, observer, dir, created, children);
  }

  /** Waits until the armed fault caught its request; a provider whose requests never carry the marker fails here. */
  private void tripped(CompletableFuture<Void> fault, String marker) throws Exception {
    try {
      fault.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no request carrying '" + marker + "' passed the proxy within " + kit.timeout()
          + ": the kit finds a request by the path or lock name it carries as plain UTF-8", e);
    }
  }

  @Test
  @DisplayName("an acquire whose reply is lost leaves no orphan: the lock goes to others, the queue moves, the session lives")
  @Verifies("FAULT-1")
  void acquire() throws Exception {
    List<CoordinationClient> c = kit.open(3);
    Victim a = new Victim(c.get(0));
    String lock = kit.lock("lostlock");
    // Taken once before, so that the request the fault catches is the claim itself, not the creation of its parents.
    a.client.locks().tryAcquire(lock).orElseThrow().release();

    // A free lock: a blocking acquire whose claim's reply is lost.
    CompletableFuture<Void> fault = a.loseNextReply("lostlock");
    unknownOutcome(() -> a.client.locks().acquire(lock, kit.timeout()))
        .flatMap(granted -> granted).ifPresent(l -> unknownOutcome(() -> {
          l.release(); // granted after all: let it go (if this release is lost too, the lock must still come free)
          return null;
        }));
    tripped(fault, "lostlock");
    LockLease other = c.get(1).locks().acquire(lock, orphanBound(a.client))
        .orElseThrow(() -> new AssertionError("the lock stayed taken after an acquire whose reply was lost"));
    a.assertHealthy(c.get(1)); // reconnected before the next fault, which would otherwise add to this one's outage

    // A held lock: a queued acquireAsync whose claim's reply is lost, with another session queued behind it.
    fault = a.loseNextReply("lostlock");
    CompletableFuture<LockLease> lost = unknownOutcome(() -> a.client.locks().acquireAsync(lock))
        .orElse(CompletableFuture.failedFuture(new IllegalStateException("acquireAsync threw")));
    lost.thenAccept(LockLease::release); // granted after all: let it go at once
    tripped(fault, "lostlock");
    CompletableFuture<LockLease> behind = c.get(2).locks().acquireAsync(lock);
    other.release();
    LockLease next = behind.get(orphanBound(a.client).toMillis(), TimeUnit.MILLISECONDS);
    kit.await(orphanBound(a.client)).alias("the acquireAsync whose reply was lost completes").until(lost::isDone);
    next.release();

    // The session that lost the replies lives, and may take the lock again: nothing of its own blocks it.
    a.assertHealthy(c.get(1));
    assertThat(a.client.locks().acquire(lock, orphanBound(a.client))).isPresent();
  }

  @Test
  @DisplayName("a release whose reply is lost frees the lock for the waiter, and the lease never reads HELD once another holds it")
  @Verifies("FAULT-2")
  void release() throws Exception {
    List<CoordinationClient> c = kit.open(2);
    Victim a = new Victim(c.get(0));
    LockLease lease = a.client.locks().tryAcquire(kit.lock("lostlock")).orElseThrow();
    CompletableFuture<LockLease> waiter = c.get(1).locks().acquireAsync(kit.lock("lostlock"));
    a.loseReplyOf("lostlock", () -> {
      lease.release();
      return null;
    });
    LockLease next = waiter.get(orphanBound(a.client).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(next.token()).isGreaterThan(lease.token());
    assertThat(lease.state()).as("a released lease while another session holds the lock").isNotEqualTo(LeaseState.HELD);
    a.assertHealthy(c.get(1));
    assertThat(lease.state()).as("a released lease after the session reconnected").isNotEqualTo(LeaseState.HELD);
  }

  @Test
  @DisplayName("a sequential create whose reply is lost makes its node exactly once or not at all")
  @Verifies("FAULT-3")
  void create() throws Exception {
    LostCreate lost = lostCreate("lostseq-", "once", CreateMode.PERSISTENT_SEQUENTIAL);
    String dir = lost.dir();
    lost.created().ifPresent(path -> assertThat(lost.children()).containsExactly(path.substring(dir.length() + 1)));
    for (String child : lost.children()) {
      assertThat(lost.observer().state().get(dir + "/" + child).map(Node::dataAsString)).contains("once");
    }
  }

  @Test
  @DisplayName("an ephemeral create whose reply is lost makes at most one node, owned by the session, gone when it closes")
  @Verifies("FAULT-4")
  void ephemeral() throws Exception {
    LostCreate lost = lostCreate("losteph-", "e", CreateMode.EPHEMERAL_SEQUENTIAL);
    String dir = lost.dir();
    CoordinationClient a = lost.victim().client;
    for (String child : lost.children()) {
      assertThat(lost.observer().state().exists(dir + "/" + child)).hasValueSatisfying(
          s -> assertThat(s.ephemeralOwner()).as("owner of %s", child).isEqualTo(a.session().id()));
    }
    a.close();
    kit.await(orphanBound(a)).alias("no ephemeral node outlives its session")
        .until(() -> lost.observer().state().children(dir).isEmpty());
  }

  @Test
  @DisplayName("a fenced multi whose reply is lost is applied all or nothing")
  @Verifies("FAULT-5")
  void multi() throws Exception {
    List<CoordinationClient> c = kit.open(2);
    Victim a = new Victim(c.get(0));
    String counter = c.get(1).state().create(kit.path("counter"), bytes("0"), CreateMode.PERSISTENT);
    Optional<List<OpResult>> results = a.loseReplyOf("lostmulti", () -> a.client.state().multi(List.of(
        Op.lockHeld(a.keptLease),
        Op.create(kit.path("lostmulti"), bytes("m"), CreateMode.PERSISTENT),
        Op.set(counter, bytes("1"), 0),
        Op.create(kit.path("lostmulti2"), bytes("m"), CreateMode.EPHEMERAL))));
    a.assertHealthy(c.get(1));
    boolean first = c.get(1).state().exists(kit.path("lostmulti")).isPresent();
    boolean third = c.get(1).state().exists(kit.path("lostmulti2")).isPresent();
    String value = c.get(1).state().get(counter).orElseThrow().dataAsString();
    assertThat(List.of(first, value.equals("1"), third)).as("which ops of the lost multi took effect")
        .isIn(List.of(true, true, true), List.of(false, false, false));
    if (results.isPresent()) {
      assertThat(first).as("a multi that returned results took effect").isTrue();
    }
  }
}
