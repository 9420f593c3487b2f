package io.metastate.testing.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * etcd members in containers, each on its own free 127.0.0.1 client and peer port. The command line is complete
 * (binary path included), so the official image and the locally built one behave alike.
 */
final class EtcdContainers {
  private EtcdContainers() {}

  static ContainerCluster start(int size, String image) {
    int[] client = new int[size];
    int[] peer = new int[size];
    List<String> initial = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      client[i] = Probes.freePort();
      peer[i] = Probes.freePort();
      initial.add("m" + i + "=" + url(peer[i]));
    }
    String token = "metastate-" + UUID.randomUUID();
    List<ContainerMember> members = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String endpoint = url(client[i]);
      endpoints.add(endpoint);
      List<String> command = List.of("/usr/local/bin/etcd", "--name", "m" + i, "--data-dir", "/var/lib/etcd/m" + i,
          "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
          "--listen-peer-urls", url(peer[i]), "--initial-advertise-peer-urls", url(peer[i]),
          "--initial-cluster", String.join(",", initial), "--initial-cluster-token", token,
          "--initial-cluster-state", "new", "--heartbeat-interval", "100", "--election-timeout", "1000");
      members.add(new ContainerMember("etcd m" + i + " at " + endpoint, image, command,
          () -> Probes.etcdHealthy(endpoint)));
    }
    String what = "etcd, " + size + (size == 1 ? " member," : " members,");
    return ContainerCluster.start(what, image, members,
        Map.of("metastate.provider", "etcd", "metastate.etcd.endpoints", String.join(",", endpoints)));
  }

  private static String url(int port) {
    return "http://" + Probes.LOOPBACK + ":" + port;
  }
}
