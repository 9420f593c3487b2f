package io.metastate.localfile;

import io.metastate.Ticker;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ClientClosedException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import io.metastate.state.Limits;
import io.metastate.state.NodePath;
import io.metastate.state.Watch;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * One open store directory (shared by this JVM's clients through {@link OpenStores}): the MVStore, the group
 * committer, the in-process lease table and its reaper, the lock table and the watches.
 *
 * <p>Concurrency: meta-state writes stage and apply their changes under the write lock, then wait for the group
 * commit outside it; reads take the read lock, so they never see half of a transaction. Lock order: write lock, then
 * lock table, then group commit.
 */
final class Store {
  private static final Logger LOG = Logger.getLogger(Store.class.getName());
  /** What the meta-state service declares (the interface's default limits), named for the checks. */
  static final Limits LIMITS = Limits.DEFAULT;
  /** How often the keep-alive renews leases and the reaper looks for expired ones. */
  static final Duration REAPER_PERIOD = Duration.ofMillis(20);
  private static final long NOTHING_WRITTEN = 0; // group commit tickets start at 1

  private final Path directory;
  private final DirectoryLock directoryLock;
  private final StoreThreads threads = new StoreThreads();
  /** Package-private for the fault seam of tests. */
  final MvDurability durability = new MvDurability(() -> this.mvStore);
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final WatchRegistry watches = new WatchRegistry();
  private final EphemeralIndex ephemeralIndex = new EphemeralIndex();
  private final Map<Long, LocalSession> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sessionCounter = new AtomicLong();
  private final GroupCommit commits;
  private final TokenAllocator tokens;
  private final LockTable locks;

  // Replaced by a restart; written under the write lock.
  private volatile MVStore mvStore;
  private volatile Tree tree;
  private long revision;
  private volatile long epoch;

  private Store(Path directory, DirectoryLock directoryLock) {
    this.directory = directory;
    this.directoryLock = directoryLock;
    this.commits = new GroupCommit(durability, watches::publish, watches::resync);
    this.tokens = new TokenAllocator(() -> tree, commits, executor());
    this.locks = new LockTable(tokens, executor());
  }

  /** Opens the store of {@code dir} (a prepared directory) and starts its reaper; {@link OpenStores} shares it. */
  static Store open(Path dir) {
    DirectoryLock lock = DirectoryLock.acquire(dir);
    Store store = new Store(dir, lock);
    try {
      store.openBackend();
    } catch (RuntimeException e) {
      store.threads.shutdown();
      lock.close();
      throw e;
    }
    store.threads.startReaper(store::reap, REAPER_PERIOD);
    return store;
  }

  /** Drops one client's reference; the last one closes the store (see {@link OpenStores}). */
  void release() {
    OpenStores.release(this);
  }

  /** Closes the store and frees the directory; {@link OpenStores} calls it when the last client let go. */
  void close() {
    threads.stopReaper();
    rw.writeLock().lock();
    try {
      commits.awaitDurable(commits.lastApplied());
      mvStore.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "closing local-file store " + directory + " failed", e);
    } finally {
      rw.writeLock().unlock();
      directoryLock.close();
      threads.shutdown();
    }
  }

  private void openBackend() {
    Backend b = Backend.open(directory);
    this.mvStore = b.store();
    this.tree = b.tree();
    this.revision = b.revision();
    this.epoch = b.epoch();
    this.sessionCounter.set(0);
    ephemeralIndex.clear();
    tokens.resumeAbove(b.tree().meta(Tree.TOKEN_HIGH_WATER, 0));
  }

  Path directory() {
    return directory;
  }

  /**
   * The store's pool for events and lock grants. Once the store is closed, tasks run on the caller's thread instead:
   * they belong to closed clients and fail fast with {@link ClientClosedException}.
   */
  Executor executor() {
    return threads.events();
  }

  /** Runs the calls of {@code state().async()}; inline once the store is closed, like {@link #executor()}. */
  Executor asyncExecutor() {
    return threads.async();
  }

  LockTable locks() {
    return locks;
  }

  LocalSession newSession(String ownerId, Duration ttl, Ticker ticker) {
    // Epoch in the high half: ids are never 0 and never repeat across reopen.
    long id = (epoch << 32) | sessionCounter.incrementAndGet();
    LocalSession s = new LocalSession(id, ownerId, ttl, new EventDispatcher(executor()), ticker, ticker.read());
    sessions.put(id, s);
    return s;
  }

  /** Runs a read under the read lock, so it sees whole transactions only. */
  <T> T read(LocalSession session, Function<Tree, T> body) {
    session.checkUsable();
    rw.readLock().lock();
    try {
      return body.apply(tree);
    } catch (MVStoreException e) {
      throw new BackendUnavailableException("local-file store " + directory + " failed: " + e.getMessage(), e);
    } finally {
      rw.readLock().unlock();
    }
  }

  /**
   * Stages a write, applies it, and returns once it is durable. {@code session} is checked under the write lock (so
   * an ending session cannot create ephemeral nodes after its cleanup); {@code null} for the store's own writes.
   * {@code fenced} writes also hold the lock table, so that a lock check and the write are one atomic step.
   */
  <T> T write(LocalSession session, boolean fenced, Function<Transaction, T> body) {
    long ticket;
    T result;
    rw.writeLock().lock();
    try {
      if (session != null) {
        session.checkUsable();
      }
      Transaction txn = new Transaction(tree, LIMITS, revision + 1, session == null ? 0 : session.id());
      if (fenced) {
        synchronized (locks) {
          result = body.apply(txn);
          ticket = apply(txn);
        }
      } else {
        result = body.apply(txn);
        ticket = apply(txn);
      }
      if (ticket == NOTHING_WRITTEN) {
        return result;
      }
      revision = txn.revision();
    } catch (MVStoreException e) {
      throw new ConnectionLossException("local-file store " + directory + " failed while applying a write: "
          + e.getMessage(), e);
    } finally {
      rw.writeLock().unlock();
    }
    commits.awaitDurable(ticket);
    return result;
  }

  /** Applies the transaction's changes to the maps: the group commit's ticket, or NOTHING_WRITTEN. */
  private long apply(Transaction txn) {
    return txn.hasChanges() ? commits.apply(() -> txn.applyTo(tree, ephemeralIndex), txn.events()) : NOTHING_WRITTEN;
  }

  Watch watch(LocalSession session, NodePath path, WatchScope scope, WatchListener listener) {
    rw.writeLock().lock();
    try {
      session.checkUsable();
      return watches.register(session.id(), path, scope, listener, session.events(), revision);
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** The keep-alive and reaper pass. */
  private void reap() {
    try {
      for (LocalSession s : sessions.values()) {
        if (s.renewOrExpired()) {
          // Off the reaper thread: ending a session waits for a commit, and a slow disk must not hold back the
          // renewals of the others (a pass that comes after a deadline expires that session too).
          executor().execute(() -> expire(s));
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "local-file session reaper failed", e);
    }
  }

  /** Expires a session now: its locks are LOST, its ephemeral nodes deleted, then it turns EXPIRED. */
  void expire(LocalSession s) {
    if (s.beginEnd(SessionState.EXPIRED)) {
      end(s, SessionState.EXPIRED);
    }
  }

  /** Closes a session: its locks are RELEASED, its ephemeral nodes deleted, then it turns CLOSED. */
  void close(LocalSession s) {
    if (s.beginEnd(SessionState.CLOSED)) {
      end(s, SessionState.CLOSED);
    }
  }

  private void end(LocalSession s, SessionState terminal) {
    try {
      if (terminal == SessionState.EXPIRED) {
        locks.sessionEnded(s, LeaseState.LOST, () -> new SessionExpiredException(
            "session 0x" + Long.toHexString(s.id()) + " expired while waiting for the lock"));
      } else {
        locks.sessionEnded(s, LeaseState.RELEASED, () -> new ClientClosedException(
            "the client was closed while waiting for the lock"));
      }
      watches.closeAll(s.id());
      write(null, false, txn -> {
        for (String p : ephemeralIndex.of(s.id())) {
          txn.delete(NodePath.of(p), io.metastate.state.Op.ANY_VERSION);
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cleaning up session 0x" + Long.toHexString(s.id()) + " failed", e);
    } finally {
      sessions.remove(s.id());
      s.moveTo(terminal);
    }
  }

  /**
   * Runs {@code body} with readers, writers and the lock table held off and every applied write durable: a point where
   * the store's state may be replaced whole, as {@link LocalFileTesting#restartBackend} does.
   */
  void quiesced(Runnable body) {
    rw.writeLock().lock();
    try {
      synchronized (locks) {
        commits.awaitDurable(commits.lastApplied());
        body.run();
      }
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Drops the MVStore unsynced and reopens the directory, as a restarted owner finds it. Only inside quiesced. */
  void reopenBackend() {
    mvStore.closeImmediately();
    openBackend();
  }

  /** The sessions open on this store (a live view: an ended session is removed from it). */
  Collection<LocalSession> sessions() {
    return sessions.values();
  }

  WatchRegistry watches() {
    return watches;
  }
}
