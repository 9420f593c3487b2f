package io.metastate.micrometer;

import io.metastate.error.CoordinationException;
import io.metastate.error.OperationInterruptedException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** The {@code outcome} tag of an operation that failed: a small, fixed set of values per exception type. */
final class Outcomes {
  static final String OK = "ok";
  static final String ACQUIRED = "acquired";
  static final String TIMEOUT = "timeout";
  static final String CANCELLED = "cancelled";
  static final String FAILED = "failed";

  private Outcomes() {}

  /**
   * {@code cancelled} for an interrupt or a cancelled future; for a {@link CoordinationException}, its kind in snake
   * case ({@code NoNodeException} → {@code no_node}); {@code failed} for anything else.
   */
  static String of(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof OperationInterruptedException || t instanceof CancellationException) {
      return CANCELLED;
    }
    if (t instanceof CoordinationException) {
      String name = t.getClass().getSimpleName().replaceFirst("Exception$", "");
      return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
    return FAILED;
  }

  /**
   * For lock acquisition, which reports only acquired / timeout / cancelled / failed. An acquire that failed on an
   * interrupted thread was cancelled, whatever exception the provider chose to say so.
   */
  static String ofAcquire(Throwable e) {
    return CANCELLED.equals(of(e)) || Thread.currentThread().isInterrupted() ? CANCELLED : FAILED;
  }
}
