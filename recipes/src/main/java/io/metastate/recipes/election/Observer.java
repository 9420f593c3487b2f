package io.metastate.recipes.election;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.ComponentThreads;
import io.metastate.session.SessionListener;
import io.metastate.state.MetaStateService;
import io.metastate.state.Watch;
import io.metastate.state.WatchScope;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the leader node and re-reads it after every event. Reads run on the observer's own serial executor
 * (watch listeners must not block), coalesced: one read after a burst of events sees the latest state.
 */
final class Observer implements LeaderObserver {
  private static final Logger LOG = Logger.getLogger(Observer.class.getName());
  private static final long RETRY_MILLIS = 250;

  private final MetaStateService state;
  private final String electionName;
  private final String leaderPath;
  private final ComponentThreads threads = ComponentThreads.of("election-observer");
  private final EventDispatcher serial = new EventDispatcher(threads);
  private final EventDispatcher notifier = new EventDispatcher(threads);
  // The observer is of no use once its client's session ended: its threads end with it.
  private final SessionListener sessionListener = (session, from, to) -> {
    if (to.isTerminal()) {
      close();
    }
  };
  private final Set<LeaderChangeListener> listeners = new CopyOnWriteArraySet<>();
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private volatile Optional<LeaderInfo> leader = Optional.empty();
  private volatile boolean closed;
  private Watch watch;

  private Observer(MetaStateService state, String electionName) {
    this.state = state;
    this.electionName = electionName;
    this.leaderPath = ElectionLayout.leaderPath(electionName);
  }

  static Observer open(CoordinationClient client, String electionName) {
    Observer observer = new Observer(Objects.requireNonNull(client, "client").state(),
        ElectionLayout.validate(electionName));
    // Watch first, then read: a change between the two is seen by the read or reported by the watch.
    observer.watch = observer.state.watch(observer.leaderPath, WatchScope.NODE, event -> observer.refreshSoon());
    observer.state.session().addListener(observer.sessionListener);
    observer.refresh();
    return observer;
  }

  @Override
  public String electionName() {
    return electionName;
  }

  @Override
  public Optional<LeaderInfo> leader() {
    return leader;
  }

  @Override
  public void addListener(LeaderChangeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(LeaderChangeListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void close() {
    closed = true;
    Watch w = watch;
    if (w != null) {
      w.close();
    }
    state.session().removeListener(sessionListener);
    threads.close();
  }

  private void refreshSoon() {
    if (!closed && refreshQueued.compareAndSet(false, true)) {
      serial.execute(() -> {
        refreshQueued.set(false);
        refresh();
      });
    }
  }

  private synchronized void refresh() {
    if (closed) {
      return;
    }
    Optional<LeaderInfo> now;
    try {
      now = state.get(leaderPath).flatMap(node -> ElectionLayout.decode(electionName, node.data()));
    } catch (CoordinationException e) {
      if (!state.session().state().isTerminal()) {
        LOG.log(Level.FINE, "election " + electionName + ": reading the leader failed, retrying", e);
        threads.schedule(this::refreshSoon, RETRY_MILLIS, TimeUnit.MILLISECONDS);
      }
      return;
    }
    Optional<LeaderInfo> before = leader;
    if (!before.equals(now)) {
      leader = now;
      for (LeaderChangeListener l : listeners) {
        notifier.execute(() -> l.leaderChanged(before, now));
      }
    }
  }

  @Override
  public String toString() {
    return "LeaderObserver[" + electionName + ", " + leader + "]";
  }
}
