package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.Ticker;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a heartbeat session judged by its ticker")
class HeartbeatSessionTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(SECOND);
  private final Ticker ticker = now::get;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<String> changes = new CopyOnWriteArrayList<>();

  /** Records each heartbeat's send time; the test answers them. */
  private final class Beating extends HeartbeatSession {
    final List<Long> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean broken = new AtomicBoolean();

    Beating() {
      super(7, "owner", Duration.ofSeconds(1), new EventDispatcher(Runnable::run), ticker, now.get(), "test-db", 40,
          timer, (state, reason) -> changes.add(state + ":" + reason));
    }

    @Override
    protected void beat(long sentAtNanos) {
      sent.add(sentAtNanos);
    }

    @Override
    protected boolean connectionBroken() {
      return broken.get();
    }

    /** A reply to a request sent at {@code sentAtNanos}, on the timer thread so that it never races a judgement. */
    void answer(long sentAtNanos) throws Exception {
      timer.submit(() -> contact(sentAtNanos)).get();
    }

    void settle() throws Exception {
      timer.submit(this::beatSettled).get();
    }
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  @DisplayName("silence past the suspend point SUSPENDS, a recent contact reconnects, a full TTL EXPIRES")
  void judgesSilence() throws Exception {
    Beating s = new Beating();
    s.start();
    now.addAndGet(SECOND * 40 / 100); // exactly at the suspend point: still CONNECTED
    await().until(() -> !s.sent.isEmpty());
    assertThat(s.reportedState()).isEqualTo(SessionState.CONNECTED);

    now.addAndGet(1);
    await().until(() -> s.reportedState() == SessionState.SUSPENDED);
    s.answer(SECOND); // the creation, 0.4 s ago: too old to count as connected
    assertThat(s.reportedState()).isEqualTo(SessionState.SUSPENDED);
    s.answer(now.get());
    assertThat(s.reportedState()).isEqualTo(SessionState.CONNECTED);

    now.addAndGet(SECOND);
    await().until(() -> s.reportedState() == SessionState.EXPIRED);
    assertThat(s.endReason()).startsWith("no confirmed contact with test-db for 1000 ms");
    assertThat(changes).containsExactly("SUSPENDED:", "CONNECTED:", "EXPIRED:" + s.endReason());
  }

  @Test
  @DisplayName("a broken connection SUSPENDS before the silence does")
  void brokenConnection() {
    Beating s = new Beating();
    s.start();
    s.broken.set(true);
    await().until(() -> s.reportedState() == SessionState.SUSPENDED);
  }

  @Test
  @DisplayName("heartbeats go one per fifth of the TTL, at most three unanswered")
  void paced() throws Exception {
    Beating s = new Beating();
    s.start();
    await().during(Duration.ofMillis(300)).until(() -> s.sent.isEmpty()); // the creation was the last contact
    for (int i = 1; i <= 3; i++) {
      now.addAndGet(SECOND / 5);
      int expected = i;
      await().until(() -> s.sent.size() == expected);
    }
    now.addAndGet(SECOND / 5);
    await().during(Duration.ofMillis(300)).until(() -> s.sent.size() == 3); // three unanswered: no fourth
    s.settle();
    await().until(() -> s.sent.size() == 4);
    assertThat(s.sent.get(3) - s.sent.get(2)).isEqualTo(SECOND / 5);
  }

  @Test
  @DisplayName("a closing session is not declared EXPIRED")
  void closing() {
    Beating s = new Beating();
    s.beginClose();
    s.expire("gone");
    assertThat(s.reportedState()).isEqualTo(SessionState.CONNECTED);
    assertThat(s.endReason()).isEmpty();
  }
}
