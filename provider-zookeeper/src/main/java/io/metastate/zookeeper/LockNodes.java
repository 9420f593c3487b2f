package io.metastate.zookeeper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.curator.framework.imps.ProtectedUtils;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;

/**
 * Curator's InterProcessMutex node layout: under the lock's directory, ephemeral sequential children named
 * {@code _c_<uuid>-lock-NNNNNNNNNN} (protected mode) or {@code lock-NNNNNNNNNN}; the lowest sequence number holds the
 * lock; each waiter watches the child just before it.
 */
final class LockNodes {
  static final String LOCK_NAME = "lock-";
  private static final Pattern LOCK_NODE = Pattern.compile("(_c_[0-9a-fA-F-]{36}-)?" + LOCK_NAME + "\\d{10}");

  private LockNodes() {}

  /**
   * The prefix a new contender creates: protected (Curator's protection mode), so that after a connection loss during
   * the create we can find our node by the unique id in its name.
   */
  static String newPrefix() {
    return ProtectedUtils.toProtectedZNode(LOCK_NAME, UUID.randomUUID().toString());
  }

  /** Whether {@code child} is a lock node made with {@code prefix}: the same protected id, as Curator matches it. */
  static boolean isOurs(String child, String prefix) {
    return isLockNode(child) && ProtectedUtils.extractProtectedId(child).isPresent()
        && ProtectedUtils.extractProtectedId(child).equals(ProtectedUtils.extractProtectedId(prefix));
  }

  static boolean isLockNode(String child) {
    return LOCK_NODE.matcher(child).matches();
  }

  /** The contenders among {@code children}, in queue order. */
  static List<String> queue(List<String> children) {
    List<String> out = new ArrayList<>();
    for (String c : children) {
      if (isLockNode(c)) {
        out.add(c);
      }
    }
    // InterProcessMutex's own ordering (what follows the last "lock-"), so both queues agree by construction.
    out.sort(Comparator.comparing(c -> StandardLockInternalsDriver.standardFixForSorting(c, LOCK_NAME)));
    return out;
  }
}
