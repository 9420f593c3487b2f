package io.metastate.recipes.rangelock;

import io.metastate.lock.FencingToken;
import java.util.Objects;

/**
 * A granted key lock as seen in the lock space.
 *
 * @param spaceName the lock space
 * @param range the keys locked
 * @param mode the mode
 * @param ownerId the owner id of the holder
 * @param sessionId the session id of the holder
 * @param token the grant's fencing token
 */
public record KeyLockInfo(String spaceName, KeyRange range, LockMode mode, String ownerId, long sessionId,
    FencingToken token) {
  public KeyLockInfo {
    Objects.requireNonNull(spaceName, "spaceName");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(token, "token");
  }
}
