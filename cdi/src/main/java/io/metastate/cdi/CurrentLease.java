package io.metastate.cdi;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LockLease;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * The leases held for the {@link Locked} methods running on the current thread, so that a method can fence its writes
 * with {@link #token()} or {@link io.metastate.state.Op#lockHeld(LockLease)}. Thread-bound and static, like
 * ShedLock's {@code LockAssert} and {@code LockExtender}: a lease belongs to one call, which an injected
 * (longer-lived) bean could not represent. Work handed to another thread must take the lease or token along.
 */
public final class CurrentLease {
  private static final ThreadLocal<ArrayDeque<LockLease>> HELD = new ThreadLocal<>();

  private CurrentLease() {}

  /** The lease of the innermost {@link Locked} method running on this thread, if any. */
  public static Optional<LockLease> get() {
    ArrayDeque<LockLease> held = HELD.get();
    return held == null ? Optional.empty() : Optional.ofNullable(held.peek());
  }

  /** The lease this thread holds for {@code name} through a running {@link Locked} method, if any. */
  public static Optional<LockLease> of(String name) {
    ArrayDeque<LockLease> held = HELD.get();
    if (held != null) {
      for (LockLease lease : held) {
        if (lease.name().equals(name)) {
          return Optional.of(lease);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The lease of the innermost running {@link Locked} method.
   *
   * @throws IllegalStateException if no {@link Locked} method is running on this thread
   */
  public static LockLease require() {
    return get().orElseThrow(() -> new IllegalStateException("no @Locked method is running on thread "
        + Thread.currentThread().getName() + "; CurrentLease is only set during a @Locked call, on its thread"));
  }

  /**
   * The fencing token of the innermost running {@link Locked} method.
   *
   * @throws IllegalStateException if no {@link Locked} method is running on this thread
   */
  public static FencingToken token() {
    return require().token();
  }

  static void push(LockLease lease) {
    ArrayDeque<LockLease> held = HELD.get();
    if (held == null) {
      held = new ArrayDeque<>();
      HELD.set(held);
    }
    held.push(lease);
  }

  static void pop(LockLease lease) {
    ArrayDeque<LockLease> held = HELD.get();
    if (held == null) {
      return;
    }
    for (Iterator<LockLease> it = held.iterator(); it.hasNext(); ) {
      if (it.next() == lease) {
        it.remove();
        break;
      }
    }
    if (held.isEmpty()) {
      HELD.remove(); // pooled threads must not keep a reference to a finished call
    }
  }
}
