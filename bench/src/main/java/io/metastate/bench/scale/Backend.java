package io.metastate.bench.scale;

import io.metastate.CoordinationClient;

/**
 * One provider under the scale curves, with its server started once for the whole suite, and the raw client it is
 * built on where one exists (each {@code raw...} method returns null where there is none).
 */
interface Backend extends AutoCloseable {
  /** {@code localfile}, {@code zookeeper} or {@code etcd}. */
  String name();

  /** A new metastate client (its own session) on this backend. */
  CoordinationClient open(String owner);

  /** A raw-client contender for one lock, with its own session; null if the raw client has no lock. */
  RawLock rawLock(String name);

  /** A raw session that holds many locks; null if none. */
  RawHolder rawHolder();

  /** Raw subtree watches and the writes they see; null if the raw client has no watch. */
  RawWatches rawWatches(String prefix);

  /** The raw client's own tree of nodes, for the tree-size curve; null if none. */
  RawTree rawTree(String prefix);

  /** Server-side counters (requests received, watch notifications sent), or null if the backend has no server. */
  Counters counters();

  @Override
  void close();

  /** A contender for one lock, on either side (ours or the raw client's): acquire blocks until granted. */
  interface Contender {
    void acquire() throws Exception;

    void release() throws Exception;
  }

  /** A raw lock contender, with its own session. */
  interface RawLock extends Contender, AutoCloseable {
    @Override
    void close();
  }

  /** A raw session holding locks; {@link #close()} ends the session (and with it every lock). */
  interface RawHolder extends AutoCloseable {
    void hold(String name) throws Exception;

    @Override
    void close();
  }

  /**
   * Raw watches: {@code watch} adds one subtree watch on watcher client number {@code client} (each its own
   * session), calling {@code onEvent} per data change; {@code write} changes one node from a separate writer client.
   */
  interface RawWatches extends AutoCloseable {
    void watch(int client, Runnable onEvent) throws Exception;

    void write(int node) throws Exception;

    @Override
    void close();
  }

  /** A raw tree of nodes laid out like the metastate one ({@link TreePaths}). */
  interface RawTree extends AutoCloseable {
    /** Adds nodes {@code from..to-1} (and their buckets). */
    void populate(int from, int to) throws Exception;

    void get(int node) throws Exception;

    int children(int bucket) throws Exception;

    @Override
    void close();
  }

  /** Cumulative server counters; differences over a phase are what the curves report. */
  interface Counters {
    /** Requests the server received (ZooKeeper packets received; etcd unary gRPC calls handled). */
    long requests();

    /** Watch notifications the server sent (ZooKeeper: packets sent less replies; etcd: watch events sent). */
    long notifications();

    /**
     * Watchers the server is catching up now (etcd's unsynced "slow" watchers, served by a loop that runs every
     * 100 ms), or -1 where there is no such figure.
     */
    default long slowWatchers() {
      return -1;
    }
  }
}
