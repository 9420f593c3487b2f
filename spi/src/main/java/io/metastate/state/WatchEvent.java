package io.metastate.state;

import java.util.Objects;

/**
 * A change seen by a watch. Events of one watch arrive in revision order with none skipped; a provider that cannot
 * guarantee that across a gap (etcd compaction, a reconnect) delivers {@link Type#RESYNC} instead of staying silent.
 *
 * @param type what happened
 * @param path the node that changed; for {@link Type#RESYNC}, the watched path
 * @param revision the revision of the change; for {@link Type#RESYNC}, the revision from which the watch is
 *     complete again (read the state as of at least this revision, then rely on events)
 */
public record WatchEvent(Type type, String path, long revision) {
  /** The kinds of event. */
  public enum Type {
    /** A node was created. */
    CREATED,
    /** A node's data was set. */
    UPDATED,
    /** A node was deleted (explicitly, or because its session ended). */
    DELETED,
    /** Continuity was lost: changes may have been missed; re-read what the watch covers. */
    RESYNC
  }

  public WatchEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
  }
}
