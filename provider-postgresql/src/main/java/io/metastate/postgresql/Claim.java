package io.metastate.postgresql;

import java.util.UUID;

/**
 * One row of the lock queue: its fencing token (from the {@code fencing_tokens} sequence, which also orders the
 * queue) and an id the client chose before sending it, so that a claim whose reply was lost can still be found and
 * removed.
 */
record Claim(String name, long token, UUID id) {}
