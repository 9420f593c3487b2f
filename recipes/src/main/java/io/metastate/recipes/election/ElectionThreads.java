package io.metastate.recipes.election;

import io.metastate.provider.EventDispatcher;
import io.metastate.recipes.internal.RecipeThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** Threads of the election recipe (see {@link RecipeThreads}). */
final class ElectionThreads {
  static final ExecutorService POOL = RecipeThreads.pool("election");
  static final ScheduledExecutorService TIMER = RecipeThreads.timer("election");

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
