package io.metastate.etcd;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.metastate.provider.support.QueuePosition;

/**
 * One claim of this session in a lock's queue: the key {@code <name>/<lease-hex>} and, once known, its create
 * revision (the fencing token). A claim request whose reply was lost leaves the claim <em>unknown</em> until a read
 * tells whether it was made. At most one watch on the predecessor's deletion is open per claim; a watch that was
 * replaced or closed on purpose is recognised by its ticket and its events are ignored.
 */
final class EtcdClaim {
  final String name;
  final String key;
  final String prefix;
  final Runnable wake;
  /** Create revision of the claim, 0 while unknown or not made. */
  long revision;
  /** A claim request's outcome is not known yet (its reply was lost). */
  boolean unknown;
  /** The revision of the read that last placed the claim (a granted lease watches its claim from the next one). */
  long readRevision;
  /** Where the claim request's own read placed it, for the first {@code checkHead}: no second round trip. */
  QueuePosition<KeyValue> placed;
  /** Set when its holder releases it: its deletion is then no force-release. */
  volatile boolean releasing;
  private Object ticket;
  private Watch.Watcher watcher;

  EtcdClaim(String name, String key, String prefix, Runnable wake) {
    this.name = name;
    this.key = key;
    this.prefix = prefix;
    this.wake = wake;
  }

  /** Starts a new watch's life; the previous one, if any, must be closed by the caller ({@link #endWatch()}). */
  synchronized Object newTicket() {
    ticket = new Object();
    return ticket;
  }

  /** Keeps {@code w} as the watch of {@code t}; false (close it) if that watch already ended. */
  synchronized boolean keep(Object t, Watch.Watcher w) {
    if (ticket != t) {
      return false;
    }
    watcher = w;
    return true;
  }

  /** Ends the watch of {@code t} if it is the current one (its first event does); true if it was. */
  boolean end(Object t) {
    Watch.Watcher w;
    synchronized (this) {
      if (ticket != t) {
        return false;
      }
      ticket = null; // first: closing reports completion, which must not count as an event
      w = watcher;
      watcher = null;
    }
    if (w != null) {
      w.close();
    }
    return true;
  }

  /** Ends whatever watch is open. */
  void endWatch() {
    Object t;
    synchronized (this) {
      t = ticket;
    }
    if (t != null) {
      end(t);
    }
  }
}
