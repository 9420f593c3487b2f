package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("component threads")
class ComponentThreadsTest {
  private static boolean alive(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
  }

  @Test
  @DisplayName("run tasks and timers on the component's threads, and none is left once closed")
  void closeEndsThreads() throws Exception {
    ComponentThreads threads = ComponentThreads.of("unit-close");
    CompletableFuture<String> ran = new CompletableFuture<>();
    threads.execute(() -> ran.complete(Thread.currentThread().getName()));
    CompletableFuture<String> timed = new CompletableFuture<>();
    threads.schedule(() -> timed.complete(Thread.currentThread().getName()), 1, TimeUnit.MILLISECONDS);
    assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo("metastate-unit-close-1");
    assertThat(timed.get(10, TimeUnit.SECONDS)).isEqualTo("metastate-unit-close-timer-1");
    threads.schedule(() -> { }, 1, TimeUnit.HOURS); // a pending timer must not keep its thread
    assertThat(alive("metastate-unit-close-")).isTrue();
    threads.close();
    assertThat(threads.isClosed()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !alive("metastate-unit-close-"));
  }

  @Test
  @DisplayName("a task running at close finishes; later tasks run on the caller, later timers are dropped")
  void afterClose() throws Exception {
    ComponentThreads threads = ComponentThreads.of("unit-after");
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    CompletableFuture<Boolean> finished = new CompletableFuture<>();
    threads.execute(() -> {
      running.countDown();
      try {
        finished.complete(proceed.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        finished.complete(false); // close interrupted a running task: the test fails below
      }
    });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    threads.close();
    proceed.countDown();
    assertThat(finished.get(10, TimeUnit.SECONDS)).isTrue();
    Thread[] ranOn = new Thread[1];
    threads.execute(() -> ranOn[0] = Thread.currentThread());
    assertThat(ranOn[0]).isSameAs(Thread.currentThread());
    AtomicBoolean timerRan = new AtomicBoolean();
    threads.schedule(() -> timerRan.set(true), 0, TimeUnit.MILLISECONDS);
    threads.close(); // idempotent
    assertThat(timerRan).isFalse();
  }
}
