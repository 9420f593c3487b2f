package io.metastate.testing.junit;

import io.metastate.testing.zookeeper.ZooKeeperEnsemble;
import io.metastate.testing.zookeeper.ZooKeeperProcess;
import java.util.List;
import java.util.Map;

/**
 * ZooKeeper without Docker: servers in child JVMs (not in-process, so that pause and kill are real SIGSTOP and
 * SIGKILL), from the ZooKeeper server classes on the test classpath.
 */
final class LocalZooKeeper extends MemberBackend {
  private final AutoCloseable owner;
  private final int size;
  private final String connect;

  private LocalZooKeeper(AutoCloseable owner, List<ZooKeeperProcess> members, String connect) {
    super(members.stream().map(ProcessMember::new).toList());
    this.owner = owner;
    this.size = members.size();
    this.connect = connect;
  }

  /** A server in a child JVM; a restart waits until it serves again. */
  private record ProcessMember(ZooKeeperProcess process) implements Member {
    @Override
    public void pause() {
      process.pause();
    }

    @Override
    public void resume() {
      process.resume();
    }

    @Override
    public void kill() {
      process.kill();
    }

    @Override
    public void restart() {
      process.restartAndAwait();
    }

    @Override
    public boolean isRunning() {
      return process.isRunning();
    }
  }

  static LocalZooKeeper start(int size) {
    requireServerClasses();
    if (size == 1) {
      ZooKeeperProcess zk = ZooKeeperProcess.start();
      return new LocalZooKeeper(zk, List.of(zk), zk.connectString());
    }
    ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(size);
    return new LocalZooKeeper(ensemble, ensemble.members(), ensemble.connectString());
  }

  /** The server needs more than the client jar: say which artifact brings it, instead of a ClassNotFoundError. */
  private static void requireServerClasses() {
    for (String name : List.of("org.apache.zookeeper.server.quorum.QuorumPeerMain", "com.codahale.metrics.Reservoir")) {
      try {
        Class.forName(name, false, LocalZooKeeper.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("metastate-testing: ZooKeeper without Docker runs the server in a child JVM"
            + " and needs its classes (" + name + " is missing): add org.apache.curator:curator-test at test scope,"
            + " or run with a Docker engine", e);
      }
    }
  }

  @Override
  public BackendMode mode() {
    return BackendMode.LOCAL_PROCESS;
  }

  @Override
  public String description() {
    return "ZooKeeper, " + size + " server(s) in child JVMs at " + connect;
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("metastate.provider", "zookeeper", "metastate.zookeeper.connect", connect);
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
