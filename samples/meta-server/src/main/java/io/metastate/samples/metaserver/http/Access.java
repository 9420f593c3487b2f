package io.metastate.samples.metaserver.http;

/** Who may call a route. */
public enum Access {
  /** Anyone: read-only views and routing. */
  PUBLIC,
  /** App nodes (node token) and administrators (admin token). */
  NODE,
  /** Administrators only (admin token). */
  ADMIN
}
