package io.metastate.testing.junit;

import io.metastate.testing.Closing;
import java.util.List;
import java.util.Map;

/** Members in containers, started together (a cluster member only serves once a quorum runs), then awaited. */
final class ContainerCluster extends MemberBackend {
  private final String what;
  private final String image;
  private final List<ContainerMember> members;
  private final Map<String, String> settings;

  private ContainerCluster(String what, String image, List<ContainerMember> members, Map<String, String> settings) {
    super(members);
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
  public void close() {
    Closing.all(members);
  }
}
