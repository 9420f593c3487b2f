package io.metastate.lock;

import io.metastate.error.InvalidPathException;

/**
 * The rules for lock names: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._:-]}, with {@code /}
 * separating segments for hierarchy ({@code partition/7}); no empty segment, no {@code .} or {@code ..} segment,
 * no leading or trailing {@code /}. Names map onto backend keys as they are, so that native tools
 * ({@code etcdctl lock}, Curator's {@code InterProcessMutex}) can address the same locks.
 */
public final class LockNames {
  /** The longest lock name accepted. */
  public static final int MAX_LENGTH = 256;

  private LockNames() {}

  /**
   * Returns the name if valid.
   *
   * @throws InvalidPathException naming the problem
   */
  public static String validate(String name) {
    if (name == null) {
      throw new InvalidPathException("null", "lock name must not be null");
    }
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new InvalidPathException(name, "lock name must be 1 to " + MAX_LENGTH + " characters, was " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || c == ':' || c == '/';
      if (!ok) {
        throw new InvalidPathException(name, "lock name has character '" + c + "' at " + i
            + "; allowed are letters, digits, '.', '_', '-', ':' and '/'");
      }
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidPathException(name, "lock name has an empty, '.' or '..' segment"
            + " (no leading, trailing or doubled '/')");
      }
    }
    return name;
  }

  /**
   * Returns the prefix if usable with {@link DistributedLockService#list(String)}: empty (every lock), or a valid
   * name optionally followed by {@code /}.
   */
  public static String validatePrefix(String prefix) {
    if (prefix == null) {
      throw new InvalidPathException("null", "lock prefix must not be null (use \"\" for all locks)");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }
}
