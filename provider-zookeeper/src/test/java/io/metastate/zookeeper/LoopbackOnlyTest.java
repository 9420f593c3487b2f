package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.testing.ListeningSockets;
import io.metastate.tck.wire.LoopbackProxy;
import io.metastate.testing.zookeeper.ZooKeeperProcess;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The servers our tests start listen on 127.0.0.1 only (read from /proc, so nothing is assumed). */
class LoopbackOnlyTest {
  @Test
  @DisplayName("the in-process server, the proxy and a separate-JVM server listen on 127.0.0.1 and nowhere else")
  void loopbackOnly() {
    try (ZooKeeperTestServer inProcess = ZooKeeperTestServer.start();
        LoopbackProxy proxy = LoopbackProxy.to(inProcess.port());
        CoordinationClient client = MetaState.open(ZooKeeperFixture.config(proxy.address(), "loopback"));
        ZooKeeperProcess separate = ZooKeeperProcess.start()) {
      assertThat(client.state().exists("/")).isPresent();
      List<String> ours = ListeningSockets.of(ProcessHandle.current().pid());
      assertThat(ours).as("listening sockets of this JVM").allMatch(ListeningSockets::isLoopbackV4)
          .anyMatch(a -> a.endsWith(":" + inProcess.port())).anyMatch(a -> a.endsWith(":" + proxy.port()));
      List<String> theirs = ListeningSockets.of(separate.pid());
      assertThat(theirs).as("listening sockets of the ZooKeeper JVM").allMatch(ListeningSockets::isLoopbackV4)
          .anyMatch(a -> a.endsWith(":" + separate.port()));
    }
  }
}
