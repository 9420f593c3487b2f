package io.metastate.recipes.election;

import io.metastate.lock.FencingToken;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who leads an election, as the leader published it.
 *
 * @param electionName the election
 * @param ownerId the leader's owner id ({@code metastate.owner-id})
 * @param sessionId the leader's session id
 * @param token the leader's epoch
 * @param metadata what the leader published (an address, say); the accessor returns a copy
 */
public record LeaderInfo(String electionName, String ownerId, long sessionId, FencingToken token, byte[] metadata) {
  public LeaderInfo {
    Objects.requireNonNull(electionName, "electionName");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(token, "token");
    metadata = metadata == null ? new byte[0] : metadata.clone();
  }

  /** A copy of the published metadata. */
  @Override
  public byte[] metadata() {
    return metadata.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LeaderInfo other && electionName.equals(other.electionName) && ownerId.equals(other.ownerId)
        && sessionId == other.sessionId && token.equals(other.token) && Arrays.equals(metadata, other.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(electionName, ownerId, sessionId, token, Arrays.hashCode(metadata));
  }

  @Override
  public String toString() {
    return "LeaderInfo[" + electionName + ", owner=" + ownerId + ", session=" + Long.toHexString(sessionId) + ", "
        + token + ", " + metadata.length + " bytes]";
  }
}
