package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.provider.EventDispatcher;
import io.metastate.state.NodePath;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a watch handle")
class AbstractWatchTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final EventDispatcher events = new EventDispatcher(pool);
  private final List<WatchEvent> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger unsubscribed = new AtomicInteger();

  private final class TestWatch extends AbstractWatch {
    TestWatch(WatchScope scope, WatchListener listener) {
      super(NodePath.of("/a"), scope, listener, events);
    }

    @Override
    protected void onClose() {
      unsubscribed.incrementAndGet();
    }
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static WatchEvent updated(String path, long revision) {
    return new WatchEvent(WatchEvent.Type.UPDATED, path, revision);
  }

  @Test
  @DisplayName("delivers what its scope covers, in order, and RESYNC with its own path")
  void delivers() {
    TestWatch w = new TestWatch(WatchScope.CHILDREN, seen::add);
    for (int i = 1; i <= 200; i++) {
      w.offer(updated("/a/c" + i, i));
      w.offer(updated("/a/c" + i + "/deeper", i)); // not a child: not delivered
    }
    w.offer(updated("/b", 201));
    w.resync(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 201);
    for (int i = 0; i < 200; i++) {
      assertThat(seen.get(i)).isEqualTo(updated("/a/c" + (i + 1), i + 1));
    }
    assertThat(seen.get(200)).isEqualTo(new WatchEvent(WatchEvent.Type.RESYNC, "/a", 202));
    assertThat(w.path()).isEqualTo("/a");
    assertThat(w.scope()).isEqualTo(WatchScope.CHILDREN);
  }

  @Test
  @DisplayName("closes once, and delivers nothing after close, not even what was queued before")
  void closesOnce() throws Exception {
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    TestWatch w = new TestWatch(WatchScope.NODE, e -> {
      seen.add(e);
      if (e.revision() == 1) {
        inListener.countDown();
        try {
          proceed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    });
    w.deliver(updated("/a", 1));
    assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
    w.deliver(updated("/a", 2)); // queued behind the running listener
    w.close();
    w.close();
    proceed.countDown();
    w.deliver(updated("/a", 3));
    CountDownLatch drained = new CountDownLatch(1);
    events.execute(drained::countDown);
    assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).extracting(WatchEvent::revision).containsExactly(1L);
    assertThat(unsubscribed).hasValue(1);
    assertThat(w.isClosed()).isTrue();
    assertThat(w.covers(NodePath.of("/a"))).isFalse();
  }
}
