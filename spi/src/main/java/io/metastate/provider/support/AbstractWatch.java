package io.metastate.provider.support;

import io.metastate.provider.EventDispatcher;
import io.metastate.state.NodePath;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The handle of one persistent watch, whatever the engine: it filters events to its scope, delivers them to its
 * listener one at a time and in order on the session's {@link EventDispatcher}, tells RESYNC when events may have been
 * missed, and closes once. A provider subclasses it with how it subscribes: it calls {@link #deliver} or
 * {@link #offer} for each change its engine reports, {@link #resync} after a gap, and unsubscribes in
 * {@link #onClose()}, which runs exactly once.
 *
 * <p>After {@link #close()} returns, nothing more is handed to the listener: an event already queued on the
 * dispatcher is dropped when its turn comes. (This keeps promise WATCH-3 of {@link io.metastate.state.Watch}.)
 */
public abstract class AbstractWatch implements Watch {
  private final NodePath path;
  private final WatchScope scope;
  private final WatchListener listener;
  private final EventDispatcher events;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A watch of {@code path} with {@code scope}, delivering on {@code events} (the session's dispatcher). */
  protected AbstractWatch(NodePath path, WatchScope scope, WatchListener listener, EventDispatcher events) {
    this.path = Objects.requireNonNull(path, "path");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** The watched path as a {@link NodePath}. */
  public final NodePath nodePath() {
    return path;
  }

  @Override
  public final String path() {
    return path.value();
  }

  @Override
  public final WatchScope scope() {
    return scope;
  }

  /** Whether this open watch covers a change of {@code changed}. */
  public final boolean covers(NodePath changed) {
    return !closed.get() && scope.covers(path, changed);
  }

  /** Delivers {@code change} if this watch covers its path; the engine may report changes beyond the scope. */
  public final void offer(WatchEvent change) {
    if (covers(NodePath.of(change.path()))) {
      deliver(change);
    }
  }

  /** Queues {@code event} for the listener, unless the watch is closed (now, or by the time its turn comes). */
  public final void deliver(WatchEvent event) {
    if (closed.get()) {
      return;
    }
    events.execute(() -> {
      if (!closed.get()) {
        listener.onEvent(event);
      }
    });
  }

  /** Tells the listener that events up to {@code revision} may have been missed: it should read again. */
  public final void resync(long revision) {
    deliver(new WatchEvent(WatchEvent.Type.RESYNC, path.value(), revision));
  }

  /** Whether {@link #close()} was called. */
  public final boolean isClosed() {
    return closed.get();
  }

  /** Stops delivery; the first call runs {@link #onClose()}, later ones do nothing. */
  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      onClose();
    }
  }

  /** Unsubscribes from the engine and leaves the provider's registry; called once, by the first {@link #close()}. */
  protected abstract void onClose();

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + path + ", " + scope + (closed.get() ? ", closed]" : "]");
  }
}
