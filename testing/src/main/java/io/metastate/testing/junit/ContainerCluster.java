package io.metastate.testing.junit;

import java.util.List;
import java.util.Map;

/** Members in containers, started together (a cluster member only serves once a quorum runs), then awaited. */
final class ContainerCluster implements RunningBackend {
  private final String what;
  private final String image;
  private final List<ContainerMember> members;
  private final Map<String, String> settings;

  private ContainerCluster(String what, String image, List<ContainerMember> members, Map<String, String> settings) {
    this.what = what;
    this.image = image;
    this.members = members;
    this.settings = Map.copyOf(settings);
  }

  static ContainerCluster start(String what, String image, List<ContainerMember> members,
      Map<String, String> settings) {
    ContainerCluster cluster = new ContainerCluster(what, image, members, settings);
    try {
      members.forEach(ContainerMember::start);
      members.forEach(ContainerMember::awaitReady);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public BackendMode mode() {
    return BackendMode.TESTCONTAINERS;
  }

  @Override
  public String description() {
    return what + " via Testcontainers (image " + image + ", host network, " + settings + ")";
  }

  @Override
  public Map<String, String> settings() {
    return settings;
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public void pause(int member) {
    members.get(member).pause();
  }

  @Override
  public void resume(int member) {
    members.get(member).resume();
  }

  @Override
  public void kill(int member) {
    members.get(member).kill();
  }

  @Override
  public void restart(int member) {
    members.get(member).restart();
  }

  @Override
  public boolean isRunning(int member) {
    return members.get(member).isRunning();
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (ContainerMember m : members) {
      try {
        m.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
