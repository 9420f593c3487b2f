package io.metastate.recipes.election;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LockNames;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Where an election lives in the lock and state namespaces, and how the leader node is encoded. */
final class ElectionLayout {
  static final String LOCK_PREFIX = "metastate-elections/";
  static final String STATE_ROOT = "/metastate/elections/";
  private static final String MAGIC = "metastate-leader/1";
  private static final Logger LOG = Logger.getLogger(ElectionLayout.class.getName());

  private ElectionLayout() {}

  /** Validates an election name; it must be a lock name that still fits with the prefix. */
  static String validate(String electionName) {
    LockNames.validate(electionName);
    LockNames.validate(LOCK_PREFIX + electionName);
    return electionName;
  }

  static String lockName(String electionName) {
    return LOCK_PREFIX + electionName;
  }

  static String electionPath(String electionName) {
    return STATE_ROOT + electionName;
  }

  static String leaderPath(String electionName) {
    return electionPath(electionName) + "/leader";
  }

  /** A text header (readable with zkCli or etcdctl), a blank line, then the metadata bytes as they are. */
  static byte[] encode(FencingToken token, long sessionId, String ownerId, byte[] metadata) {
    String header = MAGIC + "\ntoken=" + token.value() + "\nsession=" + Long.toHexString(sessionId) + "\nowner="
        + URLEncoder.encode(ownerId, StandardCharsets.UTF_8) + "\n\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(metadata);
    return out.toByteArray();
  }

  /** The leader described by a node's data; empty (and a warning) if someone wrote something else there. */
  static Optional<LeaderInfo> decode(String electionName, byte[] data) {
    int split = indexOfBlankLine(data);
    if (split < 0) {
      return malformed(electionName, "no header");
    }
    String[] lines = new String(data, 0, split, StandardCharsets.UTF_8).split("\n");
    if (!MAGIC.equals(lines[0])) {
      return malformed(electionName, "first line is not " + MAGIC);
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int eq = lines[i].indexOf('=');
      if (eq > 0) {
        fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
      }
    }
    try {
      byte[] metadata = java.util.Arrays.copyOfRange(data, split + 2, data.length);
      return Optional.of(new LeaderInfo(electionName,
          URLDecoder.decode(fields.getOrDefault("owner", ""), StandardCharsets.UTF_8),
          Long.parseUnsignedLong(fields.getOrDefault("session", "0"), 16),
          new FencingToken(Long.parseLong(fields.getOrDefault("token", "0"))), metadata));
    } catch (IllegalArgumentException e) {
      return malformed(electionName, e.getMessage());
    }
  }

  private static int indexOfBlankLine(byte[] data) {
    for (int i = 0; i + 1 < data.length; i++) {
      if (data[i] == '\n' && data[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static Optional<LeaderInfo> malformed(String electionName, String why) {
    LOG.log(Level.WARNING, "ignoring malformed leader node " + leaderPath(electionName) + ": " + why);
    return Optional.empty();
  }
}
