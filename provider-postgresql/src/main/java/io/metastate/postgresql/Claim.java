package io.metastate.postgresql;

import java.util.UUID;

/**
 * One row of the lock queue: its fencing token (from the {@code fencing_tokens} sequence, which also orders the
 * queue) and an id the client chose before sending it, so that a claim whose reply was lost can still be found and
 * removed. {@code ahead} is the token that was just ahead of it when it was inserted (0: it came first), which
 * spares the first position check a round trip: nothing can join ahead of a claim later, only leave.
 */
record Claim(String name, long token, UUID id, long ahead) {
  /** A claim whose fate is unknown (its reply was lost): known by its id only. */
  static Claim unknown(String name, UUID id) {
    return new Claim(name, 0, id, 0);
  }
}
