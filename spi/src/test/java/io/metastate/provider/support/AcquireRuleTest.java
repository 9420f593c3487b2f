package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.ConnectionLossException;
import io.metastate.error.OperationInterruptedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the acquire rule, on a future-based queue")
class AcquireRuleTest {
  /** A request in a queue: records its withdrawal; the test completes it to grant it. */
  private static final class Request extends PendingAcquire<String> {
    final AtomicInteger withdrawn = new AtomicInteger();

    @Override
    protected void withdraw() {
      withdrawn.incrementAndGet();
    }
  }

  private final List<String> released = new ArrayList<>();
  private final AtomicInteger tries = new AtomicInteger();
  private final AtomicInteger enqueued = new AtomicInteger();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private Optional<String> acquire(Duration timeout, Request request) {
    return AcquireRule.acquire(timeout, () -> {
      tries.incrementAndGet();
      return Optional.of("tried");
    }, () -> {
      enqueued.incrementAndGet();
      return request;
    }, released::add, "lock x");
  }

  @Test
  @DisplayName("a timeout of zero or less is exactly one try: nothing is queued")
  void nonPositiveTimeouts() {
    assertThat(acquire(Duration.ZERO, new Request())).contains("tried");
    assertThat(acquire(Duration.ofSeconds(-1), new Request())).contains("tried");
    assertThat(tries).hasValue(2);
    assertThat(enqueued).hasValue(0);
  }

  @Test
  @DisplayName("a thread interrupted on entry queues nothing, keeps its flag and throws")
  void interruptedOnEntry() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> acquire(Duration.ofSeconds(5), new Request()))
        .isInstanceOf(OperationInterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(enqueued).hasValue(0);
  }

  @Test
  @DisplayName("an interrupt while waiting withdraws the request, keeps the flag and throws")
  void interruptedWhileWaiting() {
    Request request = new Request();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> AcquireRule.acquire(Duration.ofSeconds(30), Optional::<String>empty, () -> {
      calls.incrementAndGet();
      Thread.currentThread().interrupt(); // as if interrupted once the request was queued
      return request;
    }, released::add, "lock x")).isInstanceOf(OperationInterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(request).isCancelled();
    assertThat(request.withdrawn).hasValue(1);
    assertThat(released).isEmpty();
  }

  @Test
  @DisplayName("a grant that raced an interrupt is released, and the caller gets no lease")
  void interruptRacesGrant() {
    Request request = new Request();
    assertThatThrownBy(() -> AcquireRule.acquire(Duration.ofSeconds(30), Optional::<String>empty, () -> {
      request.complete("granted");
      Thread.currentThread().interrupt(); // set during the request's own I/O, after the grant
      return request;
    }, released::add, "lock x")).isInstanceOf(OperationInterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(released).containsExactly("granted");
    assertThat(request.withdrawn).hasValue(0);
  }

  @Test
  @DisplayName("a failure of the request's own I/O under an interrupt is reported as the interrupt")
  void interruptedDuringEnqueue() {
    assertThatThrownBy(() -> AcquireRule.acquire(Duration.ofSeconds(30), Optional::<String>empty, () -> {
      Thread.currentThread().interrupt();
      throw new ConnectionLossException("interrupted while waiting for the backend", null);
    }, released::add, "lock x")).isInstanceOf(OperationInterruptedException.class)
        .hasCauseInstanceOf(ConnectionLossException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  @DisplayName("a timeout withdraws the request and returns empty")
  void timeout() {
    Request request = new Request();
    assertThat(acquire(Duration.ofMillis(20), request)).isEmpty();
    assertThat(request.withdrawn).hasValue(1);
  }

  @Test
  @DisplayName("a failed request throws its own exception")
  void failure() {
    Request request = new Request();
    ConnectionLossException lost = new ConnectionLossException("lost", null);
    request.completeExceptionally(lost);
    assertThatThrownBy(() -> acquire(Duration.ofSeconds(5), request)).isSameAs(lost);
  }

  @Test
  @DisplayName("a cancel that loses to the grant returns false and leaves the future done; a dependent's cancel withdraws nothing")
  void cancelLosesToGrant() {
    Request request = new Request();
    CompletableFuture<String> dependent = request.thenApply(s -> s);
    dependent.cancel(false);
    assertThat(request.withdrawn).hasValue(0);
    request.complete("granted");
    assertThat(request.cancel(true)).isFalse();
    assertThat(request).isCompletedWithValue("granted");
    assertThat(request.withdrawn).hasValue(0);
  }
}
