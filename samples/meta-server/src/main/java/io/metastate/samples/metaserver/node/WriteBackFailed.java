package io.metastate.samples.metaserver.node;

/**
 * A batch of changes that will not be acknowledged, and whether it may nevertheless be durable: a write-back that
 * was sent without a definite answer may have applied, so its writers must hear "outcome unknown", never "refused".
 */
final class WriteBackFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean maybeApplied;

  WriteBackFailed(String message, boolean maybeApplied) {
    super(message);
    this.maybeApplied = maybeApplied;
  }

  /** True when the changes may be durable (outcome unknown); false when they certainly are not. */
  boolean maybeApplied() {
    return maybeApplied;
  }
}
