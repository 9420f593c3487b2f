package io.metastate.tck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  @Test
  @DisplayName("ZooKeeper connect strings and etcd endpoint lists on loopback are rewritten port by port, keeping scheme and chroot")
  void rewrites() {
    Endpoints zk = Endpoints.parse("127.0.0.1:2181,localhost:2182/app").orElseThrow();
    assertThat(zk.ports()).containsExactly(2181, 2182);
    assertThat(zk.rewrite(i -> 4000 + i)).isEqualTo("127.0.0.1:4000,127.0.0.1:4001/app");
    Endpoints etcd = Endpoints.parse("http://127.0.0.1:2379").orElseThrow();
    assertThat(etcd.rewrite(i -> 5000)).isEqualTo("http://127.0.0.1:5000");
  }

  @Test
  @DisplayName("endpoints off loopback, or values that are not host:port lists, get no proxy")
  void refuses() {
    assertThat(Endpoints.parse("10.0.0.1:2181")).isEmpty();
    assertThat(Endpoints.parse("127.0.0.1:2181,zk.example.com:2181")).isEmpty();
    assertThat(Endpoints.parse("/var/data")).isEmpty();
    assertThat(Endpoints.parse("")).isEmpty();
  }
}
