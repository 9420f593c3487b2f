package io.metastate.samples.metaserver;

import java.nio.charset.StandardCharsets;

/** Maps keys to partitions, the same way in meta servers, nodes and clients. */
public final class KeySpace {
  private KeySpace() {}

  /**
   * The partition of a key: a stable hash (FNV-1a over the UTF-8 bytes, independent of JVM and run) modulo the
   * partition count.
   */
  public static int partitionOf(String key, int partitions) {
    int h = 0x811c9dc5;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return Math.floorMod(h, partitions);
  }

  /**
   * Validates a key from a request.
   *
   * @throws IllegalArgumentException naming the key when it is empty, too long or has control characters
   */
  public static String validate(String key) {
    if (key == null || key.isEmpty() || key.length() > 200 || key.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("key must be 1-200 printable characters, was '" + key + "'");
    }
    return key;
  }
}
