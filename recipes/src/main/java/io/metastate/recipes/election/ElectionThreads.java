package io.metastate.recipes.election;

import io.metastate.recipes.internal.RecipeThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** Threads of the election recipe (see {@link RecipeThreads}). */
final class ElectionThreads {
  static final ExecutorService POOL = RecipeThreads.pool("election");
  static final ScheduledExecutorService TIMER = RecipeThreads.timer("election");

  private ElectionThreads() {}
}
