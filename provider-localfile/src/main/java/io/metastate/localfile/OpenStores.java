package io.metastate.localfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stores this JVM has open, one per directory, shared by reference count: every client of the JVM that names a
 * directory joins its one {@link Store} (the directory lock admits only one owner, and that owner is this process).
 * Opening and the last close happen under the registry lock, so that a client opening a directory while its last
 * client closes waits and then opens it afresh.
 */
final class OpenStores {
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  private OpenStores() {}

  /** A store and how many clients hold it. */
  private static final class Shared {
    final Store store;
    int references;

    Shared(Store store) {
      this.store = store;
    }
  }

  /** Opens the store of {@code configured}, or joins this JVM's open one. */
  static Store acquire(Path configured) {
    Path dir = StoreDirectory.prepare(configured);
    synchronized (OPEN) {
      Shared shared = OPEN.get(dir);
      if (shared == null) {
        shared = new Shared(Store.open(dir));
        OPEN.put(dir, shared);
      }
      shared.references++;
      return shared.store;
    }
  }

  /** The store of {@code dir} if this JVM has it open. */
  static Optional<Store> lookup(Path dir) {
    Path real;
    try {
      real = dir.toAbsolutePath().normalize().toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    synchronized (OPEN) {
      return Optional.ofNullable(OPEN.get(real)).map(s -> s.store);
    }
  }

  /** Drops one reference to {@code store}; the last one closes it and frees the directory. */
  static void release(Store store) {
    synchronized (OPEN) {
      Shared shared = OPEN.get(store.directory());
      if (shared == null || shared.store != store || --shared.references > 0) {
        return;
      }
      OPEN.remove(store.directory());
      store.close();
    }
  }
}
