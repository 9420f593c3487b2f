package io.metastate.state;

import java.util.Objects;

/**
 * A change seen by a watch. Events of one watch arrive in strictly increasing revision order, exactly one per covered
 * change, none skipped. [WATCH-5] A provider that cannot guarantee that across a gap (etcd compaction, a reconnect)
 * delivers RESYNC instead of staying silent: changes missed while a watcher was cut off arrive afterwards in order,
 * or a RESYNC replaces them. [WATCH-6]
 *
 * @param type what happened
 * @param path the node that changed; for {@link Type#RESYNC}, the watched path
 * @param revision the revision of the change; for {@link Type#RESYNC}, the revision from which the watch is
 *     complete again (read the state as of at least this revision, then rely on events). The revision of a CREATED
 *     or UPDATED event is the createRevision or modRevision the write returned. [WATCH-7] A RESYNC event names the
 *     watched path and a revision at least that of every change it replaces, and later events follow it. [WATCH-8]
 */
public record WatchEvent(Type type, String path, long revision) {
  /** The kinds of event. */
  public enum Type {
    /** A node was created. */
    CREATED,
    /** A node's data was set. */
    UPDATED,
    /**
     * A node was deleted (explicitly, or because its session ended). The end of an ephemeral node's session is
     * delivered as a DELETED event. [WATCH-9]
     */
    DELETED,
    /** Continuity was lost: changes may have been missed; re-read what the watch covers. */
    RESYNC
  }

  public WatchEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
  }
}
