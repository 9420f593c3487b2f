package io.metastate.localfile;

import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.AbstractWatch;
import io.metastate.state.NodePath;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The persistent watches of every session on one store. Durable changes are offered to each watch in revision order
 * (the group committer calls {@link #publish} round by round); a watch hands matching events to its session's
 * dispatcher, which delivers them one at a time, in order.
 */
final class WatchRegistry {
  private final CopyOnWriteArrayList<Registration> watches = new CopyOnWriteArrayList<>();

  /**
   * Registers a watch that sees changes with a revision above {@code afterRevision}; call with the store's write
   * lock held so that no change can slip between reading the revision and registering.
   */
  Watch register(long sessionId, NodePath path, WatchScope scope, WatchListener listener, EventDispatcher events,
      long afterRevision) {
    Registration r = new Registration(sessionId, path, scope, listener, events, afterRevision);
    watches.add(r);
    return r;
  }

  void publish(List<WatchEvent> changes) {
    for (WatchEvent change : changes) {
      NodePath changed = NodePath.of(change.path());
      for (Registration r : watches) {
        r.offer(change, changed);
      }
    }
  }

  /**
   * Changes whose commit failed: they are visible, and may or may not become durable, so their events cannot be
   * delivered as facts. Each watch covering any of them gets one {@link WatchEvent.Type#RESYNC} instead, stamped with
   * the last of their revisions: re-reading from there shows whichever way they went.
   */
  void resync(List<WatchEvent> uncertain) {
    long upTo = uncertain.get(uncertain.size() - 1).revision();
    for (Registration r : watches) {
      for (WatchEvent change : uncertain) {
        if (r.covers(change, NodePath.of(change.path()))) {
          r.resync(upTo);
          break;
        }
      }
    }
  }

  /** Closes every watch of a session that ended. */
  void closeAll(long sessionId) {
    for (Registration r : watches) {
      if (r.sessionId == sessionId) {
        r.close();
      }
    }
  }

  /** A watch of one session, seeing changes above the revision it was registered at. */
  private final class Registration extends AbstractWatch {
    private final long sessionId;
    private final long afterRevision;

    Registration(long sessionId, NodePath path, WatchScope scope, WatchListener listener, EventDispatcher events,
        long afterRevision) {
      super(path, scope, listener, events);
      this.sessionId = sessionId;
      this.afterRevision = afterRevision;
    }

    void offer(WatchEvent change, NodePath changed) {
      if (covers(change, changed)) {
        deliver(change);
      }
    }

    boolean covers(WatchEvent change, NodePath changed) {
      return change.revision() > afterRevision && covers(changed);
    }

    @Override
    protected void onClose() {
      watches.remove(this);
    }
  }
}
