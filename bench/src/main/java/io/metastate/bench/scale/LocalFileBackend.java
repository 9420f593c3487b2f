package io.metastate.bench.scale;

import io.metastate.CoordinationClient;
import io.metastate.localfile.LocalFileCoordination;
import io.metastate.testing.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The local-file provider: every client of the suite joins one store in a temporary directory. The raw baseline is
 * H2 MVStore for the tree (no locks or watches in it).
 */
final class LocalFileBackend implements Backend {
  private final Path root;

  LocalFileBackend() {
    root = Loopback.tempDir("metastate-scale-");
  }

  /** A directory of its own for a curve that must close and reopen its store. */
  Path directory(String name) {
    return root.resolve(name);
  }

  static CoordinationClient open(Path dir, String owner) {
    return LocalFileCoordination.builder().directory(dir).ownerId(owner).sessionTtl(Duration.ofSeconds(10)).build();
  }

  @Override
  public String name() {
    return "localfile";
  }

  @Override
  public CoordinationClient open(String owner) {
    return open(root.resolve("shared"), owner);
  }

  @Override
  public RawLock rawLock(String name) {
    return null;
  }

  @Override
  public RawHolder rawHolder() {
    return null;
  }

  @Override
  public RawWatches rawWatches(String prefix) {
    return null;
  }

  @Override
  public RawTree rawTree(String prefix) {
    MVStore store = new MVStore.Builder().fileName(root.resolve("raw-" + prefix + ".mv.db").toString())
        .autoCommitDisabled().open();
    MVMap<String, byte[]> map = store.openMap("raw");
    return new RawTree() {
      @Override
      public void populate(int from, int to) {
        for (int i = from; i < to; i++) {
          map.put(TreePaths.node(i), TreePaths.VALUE);
          if (i % 1000 == 999) {
            store.commit();
          }
        }
        store.commit();
        store.sync();
      }

      @Override
      public void get(int node) {
        if (map.get(TreePaths.node(node)) == null) {
          throw new IllegalStateException("raw MVStore lost " + TreePaths.node(node));
        }
      }

      @Override
      public int children(int bucket) {
        // MVStore has no tree: a bucket's children are the keys in its prefix range
        String from = TreePaths.bucket(bucket) + "/";
        int n = 0;
        for (var it = map.keyIterator(from); it.hasNext(); n++) {
          if (!it.next().startsWith(from)) {
            break;
          }
        }
        return n;
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  @Override
  public Counters counters() {
    return null;
  }

  @Override
  public void close() {
    Loopback.deleteTree(root);
  }
}
