package io.metastate.testing.junit;

/** How a {@link MetaStateBackend} runs its servers; {@link MetaStateBackend#mode()} tells which one a test got. */
public enum BackendMode {
  /** Containers started through Testcontainers on the host network, listening on 127.0.0.1 only. */
  TESTCONTAINERS,
  /** Processes this JVM started from a local install: the {@code etcd} binary, or ZooKeeper in a child JVM. */
  LOCAL_PROCESS,
  /** A cluster someone else runs, named by {@code ETCD_ENDPOINTS}: no fault hooks. */
  EXTERNAL,
  /** The local-file provider in a temporary directory: no server at all, so no fault hooks. */
  LOCAL_FILE
}
