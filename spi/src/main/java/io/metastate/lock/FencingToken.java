package io.metastate.lock;

/**
 * A number that strictly increases across all grants of one lock name. The fencing token of a grant is greater than
 * that of every earlier grant of the same name, forever: across releases, session expiries, provider restarts and
 * leader changes. [LOCK-19] A resource guarded by the lock remembers the highest token it has seen and
 * rejects requests that carry a lower one, so a holder that was paused past its lease cannot do harm.
 *
 * <p>ZooKeeper: the lock node's czxid. etcd: the lock key's create revision. local-file: a durable counter.
 *
 * @param value the token, always positive
 */
public record FencingToken(long value) implements Comparable<FencingToken> {
  public FencingToken {
    if (value <= 0) {
      throw new IllegalArgumentException("fencing token must be positive, was " + value);
    }
  }

  /** Whether this token was issued after {@code other}. */
  public boolean isNewerThan(FencingToken other) {
    return value > other.value;
  }

  @Override
  public int compareTo(FencingToken other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "FencingToken[" + value + "]";
  }
}
