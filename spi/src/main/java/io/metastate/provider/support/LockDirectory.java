package io.metastate.provider.support;

import io.metastate.lock.LockInfo;
import java.util.List;
import java.util.Optional;

/**
 * The backend's read and admin side of its locks, which {@link AbstractLockService} serves {@code query},
 * {@code list} and {@code forceRelease} from once it has validated the name and checked that the client is usable.
 * Where the queue's head is, who owns it and with which token is the backend's layout, so the backend answers; the
 * names it gets are already valid.
 */
public interface LockDirectory {
  /** The holder of lock {@code name}: the head of its queue, with the head's owner, session and token. */
  Optional<LockInfo> query(String name);

  /** The held locks whose names start with {@code prefix}, sorted by name. */
  List<LockInfo> list(String prefix);

  /** Removes the holder of lock {@code name} (its session's lease is then LOST); false if nobody held it. */
  boolean forceRelease(String name);
}
