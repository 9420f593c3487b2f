package io.metastate.state;

import io.metastate.lock.LockLease;
import java.util.Arrays;
import java.util.Objects;

/**
 * One operation of an all-or-nothing {@linkplain MetaStateService#multi(java.util.List) transaction}.
 * Build them with the static factories.
 */
public sealed interface Op {
  /** Use as an expected version to skip the version check. */
  long ANY_VERSION = -1;

  /** The path the operation touches ({@code null} for {@link LockHeld}). */
  String path();

  /**
   * Passes only if the node exists with this version ({@link #ANY_VERSION}: if it exists at all). A check fails the
   * transaction with BadVersionException for another version and with NoNodeException for a missing node, even with
   * ANY_VERSION. [OP-5]
   */
  static Op check(String path, long expectedVersion) {
    return new Check(path, expectedVersion);
  }

  /**
   * Creates a node; sequential modes are allowed, and the result names the actual path. In a transaction, a create
   * fails as create alone would, and a sequential create's result names the path with its suffix. [OP-6]
   */
  static Op create(String path, byte[] data, CreateMode mode) {
    return new Create(path, data, mode);
  }

  /**
   * Sets a node's data if its version matches. In a transaction, set and delete fail with BadVersionException for
   * another version and NoNodeException for a missing node, as they would alone. [OP-7]
   */
  static Op set(String path, byte[] data, long expectedVersion) {
    return new Set(path, data, expectedVersion);
  }

  /** Deletes a childless node if its version matches. */
  static Op delete(String path, long expectedVersion) {
    return new Delete(path, expectedVersion);
  }

  /**
   * Passes only if {@code lease} still holds its lock at the moment the transaction commits, so that a write can
   * be fenced atomically. A lock check of a held lease passes with a Checked result. [OP-8] A lock check of a lease
   * that was released, force-released or lost with its session fails the transaction with LeaseLostException, even
   * once another session holds the lock. [OP-9] The lease must come from the same provider as the meta-state service.
   */
  static Op lockHeld(LockLease lease) {
    return new LockHeld(lease);
  }

  /** @see Op#check(String, long) */
  record Check(String path, long expectedVersion) implements Op {
    public Check {
      NodePath.of(path);
      checkVersion(expectedVersion);
    }
  }

  /** @see Op#create(String, byte[], CreateMode) */
  record Create(String path, byte[] data, CreateMode mode) implements Op {
    public Create {
      NodePath.of(path);
      Objects.requireNonNull(mode, "mode");
      data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Create c && path.equals(c.path) && Arrays.equals(data, c.data) && mode == c.mode;
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, Arrays.hashCode(data), mode);
    }

    @Override
    public String toString() {
      return "Create[" + path + ", " + data.length + " bytes, " + mode + "]";
    }
  }

  /** @see Op#set(String, byte[], long) */
  record Set(String path, byte[] data, long expectedVersion) implements Op {
    public Set {
      NodePath.of(path);
      checkVersion(expectedVersion);
      data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Set s && path.equals(s.path) && Arrays.equals(data, s.data)
          && expectedVersion == s.expectedVersion;
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, Arrays.hashCode(data), expectedVersion);
    }

    @Override
    public String toString() {
      return "Set[" + path + ", " + data.length + " bytes, version " + expectedVersion + "]";
    }
  }

  /** @see Op#delete(String, long) */
  record Delete(String path, long expectedVersion) implements Op {
    public Delete {
      NodePath.of(path);
      checkVersion(expectedVersion);
    }
  }

  /** @see Op#lockHeld(LockLease) */
  record LockHeld(LockLease lease) implements Op {
    public LockHeld {
      Objects.requireNonNull(lease, "lease");
    }

    @Override
    public String path() {
      return null;
    }
  }

  private static void checkVersion(long expectedVersion) {
    if (expectedVersion < ANY_VERSION) {
      throw new IllegalArgumentException("expected version must be >= 0 or Op.ANY_VERSION, was " + expectedVersion);
    }
  }
}
