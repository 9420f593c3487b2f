package io.metastate.localfile;

import java.util.function.Supplier;
import org.h2.mvstore.MVStore;

/** Commits and syncs the store's current MVStore (a restart replaces it) for the {@link GroupCommit}. */
final class MvDurability implements GroupCommit.Durability {
  private final Supplier<MVStore> store;
  /** Test seam, package-private: runs before each sync; a test makes a commit round fail by throwing here. */
  volatile Runnable beforeSync = () -> { };

  MvDurability(Supplier<MVStore> store) {
    this.store = store;
  }

  @Override
  public void commit() {
    keepingInterrupt(() -> store.get().commit());
  }

  @Override
  public void sync() {
    beforeSync.run();
    keepingInterrupt(() -> store.get().sync());
  }

  private static void keepingInterrupt(Runnable io) {
    // A pending interrupt would close the file's channel under the first I/O call: hold it back and restore it, so
    // the write completes and the caller still sees its interrupt. One arriving during the I/O is absorbed by the
    // "retry:" file system (Backend), which reopens the file and clears the flag.
    boolean interrupted = Thread.interrupted();
    try {
      io.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
