package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.testing.junit.MetaStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's example ("Testing your application against real servers"), verbatim but for the package, so it runs. */
class ReadmeTestingExampleTest {
  @RegisterExtension static MetaStateBackend etcd = MetaStateBackend.etcd();   // or zookeeper(), localFile(), etcd(3)

  @Test
  void onlyOneNodeRunsTheNightlyJob() {
    try (CoordinationClient a = MetaState.open(etcd.config().with("metastate.owner-id", "node-a"));
         CoordinationClient b = MetaState.open(etcd.config().with("metastate.owner-id", "node-b"))) {
      assertThat(a.locks().tryAcquire("jobs/nightly")).isPresent();
      assertThat(b.locks().tryAcquire("jobs/nightly")).isEmpty();   // a real etcd says no
    }
  }
}
