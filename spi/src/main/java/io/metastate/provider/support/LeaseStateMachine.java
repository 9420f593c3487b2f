package io.metastate.provider.support;

import io.metastate.lock.LeaseState;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The state machine every lease shares, whatever its listener type: HELD and UNCERTAIN alternate, LOST and RELEASED
 * are final. Each change is queued to every listener, in order, on the session's dispatcher; {@link #release} runs
 * the backend's release at most once at a time and never after the lease ended, and may be tried again after it
 * failed; a terminal hook runs once, after the final move. {@link io.metastate.provider.AbstractLockLease} and the
 * recipes' key leases hold one each, so that the two never drift apart.
 *
 * @param <L> the listener type
 */
public final class LeaseStateMachine<L> {
  /** Tells one listener of one change (the lease passes itself in). */
  @FunctionalInterface
  public interface Notifier<L> {
    /** Called on the dispatcher, once per change and listener. */
    void notify(L listener, LeaseState from, LeaseState to);
  }

  private final Executor events;
  private final Notifier<L> notifier;
  private final Consumer<LeaseState> onTerminal;
  private final Set<L> listeners = new CopyOnWriteArraySet<>();
  private LeaseState state = LeaseState.HELD;
  private boolean releasing;

  /**
   * A machine in state HELD.
   *
   * @param events runs the notifications one at a time, in order (the session's dispatcher)
   * @param notifier how to tell a listener
   * @param onTerminal called once, on the thread that made the final move, after it was made
   */
  public LeaseStateMachine(Executor events, Notifier<L> notifier, Consumer<LeaseState> onTerminal) {
    this.events = Objects.requireNonNull(events, "events");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.onTerminal = Objects.requireNonNull(onTerminal, "onTerminal");
  }

  /** The state as last moved to. */
  public synchronized LeaseState state() {
    return state;
  }

  /** Whether a release is under way (its outcome not yet known). */
  public synchronized boolean isReleasing() {
    return releasing;
  }

  /**
   * Moves to {@code next} unless the lease is terminal, and queues the notifications.
   *
   * @return whether the state changed
   */
  public boolean moveTo(LeaseState next) {
    synchronized (this) {
      if (state == next || state.isTerminal()) {
        return false;
      }
      LeaseState from = state;
      state = next;
      // Queued under the monitor: two moves racing are told in the order they were made.
      for (L l : listeners) {
        events.execute(() -> notifier.notify(l, from, next));
      }
    }
    if (next.isTerminal()) {
      onTerminal.accept(next);
    }
    return true;
  }

  /**
   * Runs {@code doRelease} unless the lease is terminal or a release is under way, then moves to RELEASED. If it
   * throws, the lease stays as it was and a later call tries again.
   */
  public void release(Runnable doRelease) {
    synchronized (this) {
      if (state.isTerminal() || releasing) {
        return;
      }
      releasing = true;
    }
    try {
      doRelease.run();
    } catch (RuntimeException e) {
      synchronized (this) {
        releasing = false;
      }
      throw e;
    }
    moveTo(LeaseState.RELEASED);
  }

  /** Registers a listener for changes after this call. */
  public void addListener(L listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops delivery to a listener. */
  public void removeListener(L listener) {
    listeners.remove(listener);
  }
}
