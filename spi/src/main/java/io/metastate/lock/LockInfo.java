package io.metastate.lock;

import java.util.Objects;

/**
 * Who holds a lock right now (rDSN's {@code query_lock}).
 *
 * @param name the lock's name
 * @param ownerId the owner id of the holding session
 * @param sessionId the id of the holding session
 * @param token the fencing token of the current grant
 */
public record LockInfo(String name, String ownerId, long sessionId, FencingToken token) {
  public LockInfo {
    LockNames.validate(name);
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(token, "token");
  }
}
