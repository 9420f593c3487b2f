package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("daemon threads")
class DaemonThreadsTest {
  @Test
  @DisplayName("are daemons named metastate-<component>-<n>, numbered per factory")
  void namesAndDaemons() {
    DaemonThreads threads = DaemonThreads.named("demo");
    Thread first = threads.newThread(() -> { });
    Thread second = threads.newThread(() -> { });
    assertThat(first.getName()).isEqualTo("metastate-demo-1");
    assertThat(second.getName()).isEqualTo("metastate-demo-2");
    assertThat(first.isDaemon()).isTrue();
    assertThat(DaemonThreads.named("other").newThread(() -> { }).getName()).isEqualTo("metastate-other-1");
  }

  @Test
  @DisplayName("a pool and a timer run their tasks on such threads")
  void pools() throws Exception {
    ExecutorService pool = DaemonThreads.cachedPool("pool");
    ScheduledExecutorService timer = DaemonThreads.timer("timer");
    try {
      CompletableFuture<Thread> ran = CompletableFuture.supplyAsync(Thread::currentThread, pool);
      assertThat(ran.get(10, TimeUnit.SECONDS).getName()).startsWith("metastate-pool-");
      Thread timed = timer.schedule(Thread::currentThread, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
      assertThat(timed.getName()).isEqualTo("metastate-timer-1");
      assertThat(timed.isDaemon()).isTrue();
    } finally {
      pool.shutdownNow();
      timer.shutdownNow();
    }
  }

  @Test
  @DisplayName("a component must be named")
  void unnamed() {
    assertThatThrownBy(() -> DaemonThreads.named(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component");
  }
}
