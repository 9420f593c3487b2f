package io.metastate.testing;

/** Closing several servers at once: every one is closed, even when an earlier one fails. */
public final class Closing {
  private Closing() {}

  /** Closes each of {@code resources}, then throws the first failure, if any. */
  public static void all(Iterable<? extends AutoCloseable> resources) {
    RuntimeException first = null;
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      } catch (Exception e) {
        first = first == null ? new IllegalStateException("closing " + r + " failed", e) : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
