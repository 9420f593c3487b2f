package io.metastate.state;

/** The outcome of one operation of a committed transaction, in the same position as its {@link Op}. */
public sealed interface OpResult {
  /** The path the operation touched; for a sequential create, the actual path; {@code null} for a lock check. */
  String path();

  /** A check or lock check passed. */
  record Checked(String path) implements OpResult {}

  /** A node was created. */
  record Created(String path, Stat stat) implements OpResult {}

  /** A node's data was set. */
  record Updated(String path, Stat stat) implements OpResult {}

  /** A node was deleted. */
  record Deleted(String path) implements OpResult {}
}
