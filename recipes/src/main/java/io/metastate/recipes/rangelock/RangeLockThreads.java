package io.metastate.recipes.rangelock;

import io.metastate.recipes.internal.RecipeThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** Threads for re-evaluating lock spaces (see {@link RecipeThreads}). */
final class RangeLockThreads {
  static final ExecutorService POOL = RecipeThreads.pool("keylocks");
  static final ScheduledExecutorService TIMER = RecipeThreads.timer("keylocks");

  private RangeLockThreads() {}
}
