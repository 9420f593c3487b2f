package io.metastate.testing.etcd;

import java.util.List;

/**
 * A running etcd for tests: one member or a cluster on 127.0.0.1, or an external cluster named by
 * {@code ETCD_ENDPOINTS}. Obtain one from {@link EtcdServers}; close it to stop the processes and delete their data.
 *
 * <p>Fault hooks ({@link #kill}, {@link #restart}, {@link #pause}, {@link #resume}) need a cluster this JVM started:
 * on an external cluster they throw {@link UnsupportedOperationException}.
 */
public interface EtcdCluster extends AutoCloseable {
  /** Client URLs of every member, e.g. {@code http://127.0.0.1:41234}, in member order. */
  List<String> endpoints();

  /** {@link #endpoints()} joined by commas: the value for {@code metastate.etcd.endpoints}. */
  default String endpointList() {
    return String.join(",", endpoints());
  }

  /** The number of members. */
  int size();

  /** Whether this cluster runs in processes started by this JVM (so the fault hooks work). */
  boolean isLocal();

  /** The client URL of member {@code i}. */
  default String endpoint(int i) {
    return endpoints().get(i);
  }

  /**
   * The index of the current raft leader, asking every running member; waits until one is known.
   *
   * @throws IllegalStateException if no leader emerges within the wait limit
   */
  int leader();

  /** Kills member {@code i} with SIGKILL and waits until its process is gone. Its data dir is kept. */
  void kill(int i);

  /** Starts member {@code i} again on the same ports and data dir (after {@link #kill}) and waits until healthy. */
  void restart(int i);

  /** Freezes member {@code i} with SIGSTOP: its connections stay open but nothing answers. */
  void pause(int i);

  /** Lets a {@linkplain #pause paused} member run again (SIGCONT). */
  void resume(int i);

  /** Whether member {@code i} has a live process (false after {@link #kill}). */
  boolean isRunning(int i);

  /** Waits until every running member reports healthy. */
  void awaitHealthy();

  /** Stops every member (SIGKILL) and deletes the data dirs. Idempotent. */
  @Override
  void close();
}
