package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The waiting rule of {@link io.metastate.lock.DistributedLockService#acquire}, checked the same way on every kind of
 * lock that follows it (a lock service's locks, a key lock space's keys): a timeout of zero or less is one try, and
 * an interrupt, on entry or while waiting, withdraws the request and throws
 * {@link io.metastate.error.OperationInterruptedException} with the flag still set. Three sessions take part: one
 * holds, one asks, and a witness shows what the asker left behind.
 */
public final class AcquireRuleChecks {
  private static final List<Duration> NOT_POSITIVE =
      List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(-1));

  /** One session's way to a kind of lock, by name. */
  public interface Taker {
    /** One try. */
    Optional<Taken> tryTake(String name);

    /** Waits up to {@code timeout}, under the rule checked here. */
    Optional<Taken> take(String name, Duration timeout);

    /** The session that takes. */
    long sessionId();
  }

  /**
   * A granted lock, as far as the checks look at it.
   *
   * @param sessionId the session it was granted to
   * @param isHeld whether it reads held now
   * @param release lets it go
   */
  public record Taken(long sessionId, BooleanSupplier isHeld, Runnable release) {}

  /**
   * The words the failure messages use.
   *
   * @param call the method that waits ({@code acquire})
   * @param kind what it takes ({@code lock})
   * @param request what it queues ({@code waiter})
   */
  public record Words(String call, String kind, String request) {}

  private final KitContext kit;
  private final Words words;
  private final Taker holder;
  private final Taker asker;
  private final Taker witness;

  /** Checks {@code asker}'s calls while {@code holder} holds, with {@code witness} looking at what is left. */
  public AcquireRuleChecks(KitContext kit, Words words, Taker holder, Taker asker, Taker witness) {
    this.kit = kit;
    this.words = words;
    this.holder = holder;
    this.asker = asker;
    this.witness = witness;
  }

  /** The lock service's locks of three sessions. */
  static AcquireRuleChecks locks(KitContext kit, List<CoordinationClient> c) {
    return new AcquireRuleChecks(kit, new Words("acquire", "lock", "waiter"), lockTaker(kit, c.get(0)),
        lockTaker(kit, c.get(1)), lockTaker(kit, c.get(2)));
  }

  private static Taker lockTaker(KitContext kit, CoordinationClient client) {
    return new Taker() {
      @Override
      public Optional<Taken> tryTake(String name) {
        return client.locks().tryAcquire(kit.lock(name)).map(l -> new Taken(l.sessionId(), l::isHeld, l::release));
      }

      @Override
      public Optional<Taken> take(String name, Duration timeout) {
        return client.locks().acquire(kit.lock(name), timeout)
            .map(l -> new Taken(l.sessionId(), l::isHeld, l::release));
      }

      @Override
      public long sessionId() {
        return client.session().id();
      }
    };
  }

  /** A timeout of zero or less grants a free lock at once, as one try does. */
  public void notPositiveGrantsFree() {
    for (int i = 0; i < NOT_POSITIVE.size(); i++) {
      Duration timeout = NOT_POSITIVE.get(i);
      String name = "free" + i;
      CallerThread.Outcome<Optional<Taken>> outcome =
          CallerThread.start(words.call() + "-" + timeout, false, () -> asker.take(name, timeout))
              .outcome(kit.timeout());
      assertThat(outcome.thrown()).as("%s(free %s, %s) threw", words.call(), words.kind(), timeout).isNull();
      Taken free = outcome.value().orElseThrow(() -> new AssertionError(
          words.call() + "(free " + words.kind() + ", " + timeout + ") gave empty"));
      assertThat(free.isHeld().getAsBoolean()).isTrue();
      free.release().run();
    }
  }

  /**
   * A timeout of zero or less on a held lock gives empty at once and leaves nothing queued: the asker may ask again,
   * and the lock goes to the witness's one try once released.
   */
  public void notPositiveOnHeldLeavesNothing(String name) {
    for (Duration timeout : NOT_POSITIVE) {
      Taken held = holder.tryTake(name).orElseThrow();
      CallerThread.Outcome<Optional<Taken>> outcome =
          CallerThread.start(words.call() + "-" + timeout, false, () -> asker.take(name, timeout))
              .outcome(kit.timeout());
      assertThat(outcome.thrown()).as("%s(held %s, %s) threw", words.call(), words.kind(), timeout).isNull();
      assertThat(outcome.value()).as("%s(held %s, %s)", words.call(), words.kind(), timeout).isEmpty();
      // A request left behind would make this a recursive request (LockAlreadyHeldException)...
      assertThat(asker.tryTake(name)).isEmpty();
      held.release().run();
      // ...or would be granted the freed lock ahead of the witness's one try.
      witness.tryTake(name).orElseThrow(() -> new AssertionError("the " + words.kind() + " released after "
          + words.call() + "(" + timeout + ") went to someone else: a " + words.request() + " was left behind"))
          .release().run();
    }
  }

  /** With the flag set on entry, a wait for a free or a held lock throws, keeps the flag, and takes or queues nothing. */
  public void interruptedOnEntry() {
    Taken held = holder.tryTake("held").orElseThrow();
    for (String name : List.of("free", "held")) {
      CallerThread.Outcome<Optional<Taken>> outcome = CallerThread.start("interrupted-" + name, true,
          () -> asker.take(name, kit.timeout())).outcome(kit.timeout());
      outcome.assertInterrupted(words.call() + "(" + name + " " + words.kind() + ") with the interrupt flag set");
    }
    assertThat(witness.tryTake("free")).as("the free %s stays free", words.kind()).isPresent();
    held.release().run();
    assertThat(witness.take("held", kit.timeout())).as("no %s left ahead", words.request()).isPresent();
  }

  /**
   * Interrupted once {@code queued} says its request is in line and it parks, a wait throws, keeps the flag and
   * withdraws its request: the freed lock goes to the witness, and the asker may ask again.
   */
  public void interruptedWhileWaiting(String name, BooleanSupplier queued) {
    Taken held = holder.tryTake(name).orElseThrow();
    CallerThread<Optional<Taken>> waiter = CallerThread.start("interrupted-waiter", false,
        () -> asker.take(name, kit.timeout().multipliedBy(6)));
    kit.await().alias("the " + words.call() + " is queued and parks")
        .until(() -> queued.getAsBoolean() && waiter.parkedOrDone());
    waiter.interrupt();
    waiter.outcome(kit.timeout()).assertInterrupted(words.call() + " interrupted while waiting");
    held.release().run();
    Taken next = witness.take(name, kit.timeout()).orElseThrow();
    assertThat(next.sessionId()).isEqualTo(witness.sessionId());
    next.release().run();
    assertThat(asker.take(name, kit.timeout())).isPresent();
  }
}
