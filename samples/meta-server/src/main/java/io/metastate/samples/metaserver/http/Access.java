package io.metastate.samples.metaserver.http;

import io.javalin.security.RouteRole;

/** Who may call a route: Javalin's route role, checked before the route's handler runs. */
public enum Access implements RouteRole {
  /** Anyone: read-only views and routing. */
  PUBLIC,
  /** App nodes (node token) and administrators (admin token). */
  NODE,
  /** Administrators only (admin token). */
  ADMIN
}
