package io.metastate.recipes.election;

import io.metastate.provider.EventDispatcher;
import java.util.concurrent.CompletableFuture;

/**
 * Waiting for a candidate's state machine. Each candidate and observer owns its threads
 * ({@link io.metastate.provider.support.ComponentThreads}), made when it starts and ended when it ends.
 */
final class ElectionThreads {
  private ElectionThreads() {}

  /** Runs a transition on {@code serial} and waits for it: resign and close return when done. */
  static void runAndWait(EventDispatcher serial, Runnable transition) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    serial.execute(() -> {
      try {
        transition.run();
      } finally {
        done.complete(null);
      }
    });
    done.join();
  }
}
