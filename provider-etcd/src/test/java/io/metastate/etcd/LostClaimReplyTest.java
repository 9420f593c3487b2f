package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.ConnectionLossException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.testing.TestTiming;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hole 3: a claim whose Txn reached etcd but whose reply never came back is in etcd under this session's lease. If
 * nobody in this process tracks it, every other session waits behind it, and this session's own tryAcquire sees it
 * as a holder, for as long as the session lives.
 */
@DisplayName("an acquire whose claim reply is lost")
class LostClaimReplyTest {
  @RegisterExtension final EtcdFixture f = new EtcdFixture();

  @Test
  @DisplayName("leaves no claim behind: another session, then this one, can take the lock")
  void noOrphanClaim() {
    CoordinationClient a = f.open("a");
    CoordinationClient b = f.open("b");
    acquireLosingTheReply(a, "orphaned", locks -> locks.acquire("orphaned", TestTiming.seconds(3)));

    // The session is alive (a lost reply is no expiry), and holds nothing: the lock must be free for others.
    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> a.session().state() == SessionState.CONNECTED);
    Optional<LockLease> other = b.locks().acquire("orphaned", TestTiming.seconds(6));
    assertThat(other).as("another session gets the lock once the first acquire is over").isPresent();
    other.orElseThrow().release();
    assertThat(a.locks().tryAcquire("orphaned")).as("this session's own tryAcquire").isPresent();
    assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
  }

  @Test
  @DisplayName("of a tryAcquire reports the unknown outcome and leaves no claim behind")
  void tryAcquireLeavesNoOrphan() {
    CoordinationClient a = f.open("a");
    CoordinationClient b = f.open("b");
    acquireLosingTheReply(a, "tried", locks -> locks.tryAcquire("tried"));

    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> !f.exists(f.claimKey("tried", a)));
    Optional<LockLease> other = b.locks().tryAcquire("tried");
    assertThat(other).as("another session's tryAcquire").isPresent();
    other.orElseThrow().release();
    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> a.session().state() == SessionState.CONNECTED);
    assertThat(a.locks().tryAcquire("tried")).as("this session's own tryAcquire").isPresent();
  }

  /**
   * Runs {@code acquire} on {@code client} with the reply to its claim lost, and releases the lease in case it still
   * came back; "outcome unknown" is the other answer it may give.
   */
  private void acquireLosingTheReply(CoordinationClient client, String name,
      Function<DistributedLockService, Optional<LockLease>> acquire) {
    CompletableFuture<Void> tripped = f.proxy(client).loseNextReply(name);
    Optional<LockLease> first;
    try {
      first = acquire.apply(client.locks());
    } catch (ConnectionLossException outcomeUnknown) {
      first = Optional.empty();
    }
    assertThat(tripped).isDone();
    first.ifPresent(LockLease::release);
  }
}
