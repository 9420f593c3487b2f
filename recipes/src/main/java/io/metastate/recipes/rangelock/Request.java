package io.metastate.recipes.rangelock;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One request node of a lock space: who asks, for which keys, in which mode, and when (its create revision).
 *
 * @param name the node's name ({@code r-<nonce>-NNNNNNNNNN}; {@code r-NNNNNNNNNN} from versions before the nonce)
 * @param path the node's path
 * @param range the keys asked for
 * @param mode the mode asked for
 * @param ownerId the requester's owner id
 * @param sessionId the requester's session (the node's ephemeral owner)
 * @param createRevision the node's create revision: the request's place in line, and its grant's token
 * @param nonce a random id the requester wrote, to find its node when the create's outcome was unknown ("" if none)
 */
record Request(String name, String path, KeyRange range, LockMode mode, String ownerId, long sessionId,
    long createRevision, String nonce) {
  static final String PREFIX = "r-";
  private static final String MAGIC = "metastate-keylock/1";
  private static final Logger LOG = Logger.getLogger(Request.class.getName());

  /** The name a request node is created under, before the backend appends its sequence number. */
  static String namePrefix(String nonce) {
    return PREFIX + nonce + "-";
  }

  boolean conflictsWith(Request other) {
    return mode.conflictsWith(other.mode) && range.intersects(other.range);
  }

  static byte[] encode(KeyRange range, LockMode mode, String ownerId, String nonce) {
    return (MAGIC + "\nmode=" + mode + "\nfrom=" + bound(range.from()) + "\nto=" + bound(range.to()) + "\nowner="
        + URLEncoder.encode(ownerId, StandardCharsets.UTF_8) + "\nnonce=" + nonce + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a request node. A node that is not a well-formed request is taken as a WRITE lock on every key: it is
   * safer to wait for a stranger's node to go than to grant past it.
   */
  static Request decode(String name, String path, byte[] data, long sessionId, long createRevision) {
    String[] lines = new String(data, StandardCharsets.UTF_8).split("\n");
    Map<String, String> fields = new HashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      if (!MAGIC.equals(lines[0])) {
        throw new IllegalArgumentException("first line is not " + MAGIC);
      }
      return new Request(name, path, new KeyRange(key(fields.get("from")), key(fields.get("to"))),
          LockMode.valueOf(fields.get("mode")), URLDecoder.decode(fields.get("owner"), StandardCharsets.UTF_8),
          sessionId, createRevision, fields.getOrDefault("nonce", ""));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request node " + path + " is malformed (" + e.getMessage()
          + "); treating it as a WRITE lock on every key until it is deleted");
      return new Request(name, path, KeyRange.all(), LockMode.WRITE, "unknown", sessionId, createRevision, "");
    }
  }

  private static String bound(String key) {
    return key == null ? "open" : "k:" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  private static String key(String bound) {
    if ("open".equals(bound)) {
      return null;
    }
    if (bound == null || !bound.startsWith("k:")) {
      throw new IllegalArgumentException("bad bound '" + bound + "'");
    }
    return URLDecoder.decode(bound.substring(2), StandardCharsets.UTF_8);
  }
}
