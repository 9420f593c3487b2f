package io.metastate.testing.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.images.builder.Transferable;

/**
 * ZooKeeper servers in containers, configured the way the official image reads it: {@code /conf/zoo.cfg} (the image
 * then generates none), data in {@code /data} with {@code myid} there for an ensemble, and the image's own command
 * ({@code zkServer.sh start-foreground}). Every port is on 127.0.0.1.
 */
final class ZooKeeperContainers {
  /** Short ticks so that test sessions of 0.5 s can be granted; 60 s is allowed for the default 10 s session. */
  private static final String BASE = "tickTime=250\ninitLimit=40\nsyncLimit=20\n"
      + "minSessionTimeout=500\nmaxSessionTimeout=60000\nmaxClientCnxns=0\n"
      + "admin.enableServer=false\n4lw.commands.whitelist=srvr\nstandaloneEnabled=true\ndataDir=/data\n";

  private ZooKeeperContainers() {}

  static ContainerCluster start(int size, String image) {
    int[] client = new int[size];
    StringBuilder servers = new StringBuilder();
    for (int i = 0; i < size; i++) {
      client[i] = Probes.freePort();
      if (size > 1) {
        servers.append("server.").append(i + 1).append('=').append(Probes.LOOPBACK).append(':')
            .append(Probes.freePort()).append(':').append(Probes.freePort()).append(';').append(Probes.LOOPBACK)
            .append(':').append(client[i]).append('\n');
      }
    }
    List<ContainerMember> members = new ArrayList<>();
    List<String> connect = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int port = client[i];
      connect.add(Probes.LOOPBACK + ":" + port);
      String cfg = BASE + "clientPort=" + port + "\nclientPortAddress=" + Probes.LOOPBACK + "\n"
          + (size > 1 ? "quorumListenOnAllIPs=false\n" + servers : "");
      ContainerMember m = new ContainerMember("ZooKeeper " + (i + 1) + " at 127.0.0.1:" + port, image, List.of(),
          () -> Probes.zooKeeperServing(port));
      m.container().withCopyToContainer(Transferable.of(cfg), "/conf/zoo.cfg")
          .withEnv("ZOO_MY_ID", Integer.toString(i + 1));
      if (size > 1) {
        m.container().withCopyToContainer(Transferable.of(Integer.toString(i + 1)), "/data/myid");
      }
      members.add(m);
    }
    String what = "ZooKeeper, " + size + (size == 1 ? " server," : " servers,");
    return ContainerCluster.start(what, image, members,
        Map.of("metastate.provider", "zookeeper", "metastate.zookeeper.connect", String.join(",", connect)));
  }
}
