package io.metastate.localfile;

import io.metastate.error.BackendUnavailableException;
import io.metastate.state.NodePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * One incarnation of the MVStore of a directory, opened as a new owner: the previous owner's sessions are dead, so
 * their ephemeral nodes are deleted before anyone can read them, and a new epoch numbers the sessions to come.
 *
 * @param store the open MVStore (auto-commit disabled)
 * @param tree the maps inside it
 * @param revision the latest revision, persisted with every write
 * @param epoch how many times the store has been opened, this time included; the high half of session ids
 */
record Backend(MVStore store, Tree tree, long revision, long epoch) {
  static final String STORE_FILE = "metastate.mv.db";
  /**
   * H2 keeps dead chunks 45s by default, in case the OS has not flushed them yet. Every commit here is followed by
   * an fsync, so a second is plenty, and it keeps the file near its live size under steady writes (45s of chunks at
   * a few hundred commits/s would be hundreds of MB).
   */
  static final int RETENTION_MILLIS = 1000;

  static Backend open(Path directory) {
    Path file = directory.resolve(STORE_FILE);
    MVStore store;
    try {
      // No background writer and no delayed writes: GroupCommit decides when data is committed and synced.
      // "retry:" reopens the file when an interrupt closes its channel: writes commit on the writer's own thread,
      // and Java closes a FileChannel under an interrupted I/O call, which would otherwise break the store for all.
      // autoCommitBufferSize(0): otherwise H2 commits by itself from inside a put once ~19 MB are unsaved, which a
      // large multi reaches in the middle of being applied; only GroupCommit may commit, between transactions.
      store = new MVStore.Builder().fileName("retry:" + file).autoCommitDisabled().autoCommitBufferSize(0).open();
    } catch (MVStoreException e) {
      throw new BackendUnavailableException("cannot open the local-file store " + file + ": " + e.getMessage()
          + " (if the file is damaged, move it aside to start empty)", e);
    }
    try {
      store.setRetentionTime(RETENTION_MILLIS);
      Tree tree = new Tree(store);
      if (tree.read(NodePath.ROOT) == null) {
        tree.write(NodePath.ROOT, NodeRecord.created(new byte[0], 1, 0));
        tree.putMeta(Tree.REVISION, 1);
      }
      long revision = tree.meta(Tree.REVISION, 1);
      long epoch = tree.meta(Tree.EPOCH, 0) + 1;
      tree.putMeta(Tree.EPOCH, epoch);
      // Ephemeral nodes are always leaves, so they can go one by one, each with its own revision as usual.
      List<String> stale = new ArrayList<>(tree.ephemerals().keySet());
      for (String path : stale) {
        tree.remove(NodePath.of(path));
        revision++;
      }
      tree.ephemerals().clear();
      tree.putMeta(Tree.REVISION, revision);
      store.commit();
      store.sync();
      return new Backend(store, tree, revision, epoch);
    } catch (MVStoreException e) {
      store.closeImmediately();
      throw new BackendUnavailableException("cannot read the local-file store " + file + ": " + e.getMessage()
          + " (if the file is damaged, move it aside to start empty)", e);
    }
  }
}
