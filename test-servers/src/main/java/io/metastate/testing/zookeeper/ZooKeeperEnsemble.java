package io.metastate.testing.zookeeper;

import io.metastate.testing.Loopback;
import io.metastate.testing.Closing;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A ZooKeeper ensemble of separate JVMs ({@code QuorumPeerMain}), every port on 127.0.0.1, so that a test can kill
 * the leader with SIGKILL and watch the others elect a new one.
 *
 * <pre>{@code
 * try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.start(3)) {
 *   ZooKeeperProcess leader = zk.leader();
 *   leader.kill();
 *   zk.awaitLeader();
 * }
 * }</pre>
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
  private final List<ZooKeeperProcess> members;

  private ZooKeeperEnsemble(List<ZooKeeperProcess> members) {
    this.members = members;
  }

  /** Starts {@code size} servers and waits until every one serves. */
  public static ZooKeeperEnsemble start(int size) {
    return start(size, "");
  }

  /**
   * Like {@link #start(int)}, with {@code extraConfig} ({@code key=value} lines) appended to every server's
   * configuration: a later line overrides an earlier one, so a test can, for example, give followers a longer
   * {@code syncLimit} to survive a pause.
   */
  public static ZooKeeperEnsemble start(int size, String extraConfig) {
    if (size < 1) {
      throw new IllegalArgumentException("ensemble size must be positive, was " + size);
    }
    int[] client = new int[size];
    StringBuilder servers = new StringBuilder();
    for (int i = 0; i < size; i++) {
      client[i] = Loopback.freePort();
      servers.append("server.").append(i + 1).append('=').append(Loopback.ADDRESS).append(':').append(Loopback.freePort())
          .append(':').append(Loopback.freePort()).append(";").append(Loopback.ADDRESS).append(':').append(client[i])
          .append('\n');
    }
    List<ZooKeeperProcess> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String cfg = ZooKeeperProcess.baseConfig(client[i]) + "quorumListenOnAllIPs=false\n" + servers
          + (extraConfig.isEmpty() || extraConfig.endsWith("\n") ? extraConfig : extraConfig + "\n");
      members.add(new ZooKeeperProcess(i + 1, client[i], ZooKeeperProcess.tempDir(), cfg,
          "org.apache.zookeeper.server.quorum.QuorumPeerMain"));
    }
    ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(members);
    try {
      members.forEach(ZooKeeperProcess::launch);
      for (ZooKeeperProcess m : members) {
        m.awaitServing(TestTiming.seconds(60));
      }
      return ensemble;
    } catch (RuntimeException e) {
      ensemble.close();
      throw e;
    }
  }

  /** Every member's address, comma-separated. */
  public String connectString() {
    return members.stream().map(ZooKeeperProcess::connectString).collect(Collectors.joining(","));
  }

  /** The members, by id (index 0 is server 1). */
  public List<ZooKeeperProcess> members() {
    return List.copyOf(members);
  }

  /** The current leader, waiting up to {@link TestTiming#waitLimit()} for one. */
  public ZooKeeperProcess leader() {
    return awaitLeader(TestTiming.seconds(30));
  }

  /** Waits until a running member reports itself leader. */
  public ZooKeeperProcess awaitLeader(Duration limit) {
    // polling srvr: the servers offer no event to wait on
    return Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(100))
        .alias("a leader among " + members).until(this::runningLeader, Optional::isPresent).orElseThrow();
  }

  private Optional<ZooKeeperProcess> runningLeader() {
    return members.stream().filter(m -> m.isRunning() && m.isLeader()).findFirst();
  }

  /** Kills every member and deletes their data. */
  @Override
  public void close() {
    Closing.all(members);
  }
}
