package io.metastate.samples.metaserver;

/**
 * A request the cluster refuses, by reason; nothing was changed. The HTTP edge ({@link MetaServer}) maps each reason
 * to a status code, so the domain code stays free of HTTP.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request is refused. */
  enum Reason {
    /** The request is malformed or inconsistent. */
    INVALID,
    /** It names a node or partition that does not exist. */
    UNKNOWN,
    /** The sender is not the partition's primary at that epoch and incarnation (fenced out). */
    STALE,
    /** The node is not registered or was declared dead: it must register again. */
    NOT_REGISTERED,
    /** It cannot be served now, for example a partition without a live primary; a retry may succeed. */
    UNAVAILABLE
  }

  private final Reason reason;

  Refusal(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
