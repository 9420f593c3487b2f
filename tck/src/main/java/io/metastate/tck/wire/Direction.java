package io.metastate.tck.wire;

/** One direction of a proxied connection. */
public enum Direction {
  /** Bytes the client writes: requests. */
  TO_BACKEND,
  /** Bytes the backend writes: replies, events, keep-alive answers. */
  TO_CLIENT
}
