package io.metastate.recipes.rangelock;

import java.util.List;
import java.util.Optional;

/**
 * The conflict rules of a lock space, on the line of requests sorted by create revision (pure: no I/O). A request is
 * granted when no request created before it conflicts with it; that stays true, because request nodes are never
 * re-created under the same identity.
 */
final class Line {
  private Line() {}

  /** Whether a request created before {@code mine} conflicts with it. */
  static boolean isBlocked(List<Request> line, Request mine) {
    return firstConflictAhead(line, mine).isPresent();
  }

  /** The oldest request created before {@code mine} that conflicts with it. */
  static Optional<Request> firstConflictAhead(List<Request> line, Request mine) {
    for (Request r : line) {
      if (r.createRevision() >= mine.createRevision()) {
        return Optional.empty();
      }
      if (r.conflictsWith(mine)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** A request of the same session, created before {@code mine}, that conflicts with it: a recursive request. */
  static Optional<Request> ownConflictAhead(List<Request> line, Request mine) {
    for (Request r : line) {
      if (r.createRevision() < mine.createRevision() && r.sessionId() == mine.sessionId() && r.conflictsWith(mine)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
