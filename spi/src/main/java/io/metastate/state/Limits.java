package io.metastate.state;

/**
 * What a provider accepts. Exceeding a limit is reported before anything is sent, with
 * {@link io.metastate.error.ValueTooLargeException} or {@link io.metastate.error.InvalidPathException}. A path of
 * exactly maxPathLength characters is accepted, and one character more is rejected with InvalidPathException naming
 * the limit. [LIMIT-4] A value of exactly maxValueBytes bytes is stored and read back intact. [LIMIT-5] A value of
 * one byte more is rejected by create, set and multi with ValueTooLargeException reporting its size and the limit,
 * and nothing is written. [LIMIT-6]
 *
 * @param maxValueBytes the largest node value in bytes
 * @param maxPathLength the longest path in characters, at most {@link NodePath#MAX_LENGTH}
 */
public record Limits(int maxValueBytes, int maxPathLength) {
  /** What every bundled provider declares: values up to 1,000,000 bytes, paths up to 1024 characters. */
  public static final Limits DEFAULT = new Limits(1_000_000, NodePath.MAX_LENGTH);

  public Limits {
    if (maxValueBytes <= 0) {
      throw new IllegalArgumentException("maxValueBytes must be positive, was " + maxValueBytes);
    }
    if (maxPathLength <= 1 || maxPathLength > NodePath.MAX_LENGTH) {
      throw new IllegalArgumentException("maxPathLength must be in 2.." + NodePath.MAX_LENGTH + ", was " + maxPathLength);
    }
  }

  /**
   * Validates a path against these limits.
   *
   * @throws io.metastate.error.InvalidPathException if malformed or too long
   */
  public NodePath checkPath(String path) {
    NodePath parsed = NodePath.of(path);
    if (path.length() > maxPathLength) {
      throw new io.metastate.error.InvalidPathException(path,
          "path is " + path.length() + " characters; this provider accepts at most " + maxPathLength);
    }
    return parsed;
  }

  /**
   * Validates a value against these limits and returns it ({@code null} counts as empty).
   *
   * @throws io.metastate.error.ValueTooLargeException if larger than {@link #maxValueBytes()}
   */
  public byte[] checkValue(String path, byte[] value) {
    byte[] v = value == null ? new byte[0] : value;
    if (v.length > maxValueBytes) {
      throw new io.metastate.error.ValueTooLargeException(path, v.length, maxValueBytes);
    }
    return v;
  }
}
