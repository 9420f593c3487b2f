package io.metastate.testing.etcd;

import io.metastate.testing.ChildProcess;
import io.metastate.testing.TestTiming;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code etcdctl lock NAME}, etcd's own v3lock client, for interop tests: it prints its claim key once it holds the
 * lock and holds it until terminated (SIGTERM: it unlocks and revokes its lease).
 */
public final class EtcdctlLock implements AutoCloseable {
  private final ChildProcess etcdctl;

  private EtcdctlLock(ChildProcess etcdctl) {
    this.etcdctl = etcdctl;
  }

  /** The etcdctl binary, or a failure saying how to get one. */
  public static Path binary() {
    return EtcdServers.etcdctlBinary().orElseThrow(() -> new IllegalStateException(
        "etcdctl not found: install it (Debian/Ubuntu: 'apt-get install etcd-client') or set -Detcdctl.binary"));
  }

  /** Starts {@code etcdctl lock name} against {@code etcd}; it may have to wait for the lock. */
  public static EtcdctlLock start(EtcdCluster etcd, String name) throws IOException {
    return new EtcdctlLock(ChildProcess.start(new ProcessBuilder(binary().toString(),
        "--endpoints=" + etcd.endpointList(), "lock", name).redirectErrorStream(true)));
  }

  /** The claim key etcdctl printed on taking the lock; fails if it did not within the wait limit. */
  public String awaitHeld() throws InterruptedException {
    String line = etcdctl.readLine(TestTiming.waitLimit());
    if (line == null) {
      throw new AssertionError("etcdctl lock did not print its key within " + TestTiming.waitLimit());
    }
    return line;
  }

  /** Whether etcdctl has printed anything, which it does only on taking the lock. */
  public boolean saidHeld() {
    return !etcdctl.lines().isEmpty();
  }

  @Override
  public void close() throws InterruptedException {
    etcdctl.terminate(TestTiming.waitLimit());
  }
}
