package io.metastate.recipes.rangelock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The decisions on a line of requests, without a backend. */
class LineTest {
  private static Request request(long revision, long session, String key, LockMode mode) {
    String name = Request.namePrefix("n" + revision) + revision;
    return new Request(name, "/s/" + name, KeyRange.point(key), mode, "o" + session, session, revision,
        "n" + revision);
  }

  @Test
  @DisplayName("a request is blocked only by a conflicting one created before it")
  void blocked() {
    Request r1 = request(10, 1, "k", LockMode.READ);
    Request w2 = request(11, 2, "k", LockMode.WRITE);
    Request r3 = request(12, 3, "k", LockMode.READ);
    Request other = request(13, 4, "x", LockMode.WRITE);
    List<Request> line = List.of(r1, w2, r3, other);
    assertThat(Line.isBlocked(line, r1)).isFalse();
    assertThat(Line.firstConflictAhead(line, w2)).contains(r1);
    assertThat(Line.firstConflictAhead(line, r3)).as("a reader waits behind a waiting writer").contains(w2);
    assertThat(Line.isBlocked(line, other)).isFalse();
  }

  @Test
  @DisplayName("a recursive request is one that conflicts with an earlier request of the same session")
  void own() {
    Request r1 = request(10, 1, "k", LockMode.READ);
    Request w2 = request(11, 2, "k", LockMode.WRITE);
    Request w3 = request(12, 1, "k", LockMode.WRITE);
    Request r4 = request(13, 1, "k", LockMode.READ);
    List<Request> line = List.of(r1, w2, w3, r4);
    assertThat(Line.ownConflictAhead(line, w2)).isEmpty();
    assertThat(Line.ownConflictAhead(line, w3)).contains(r1);
    assertThat(Line.ownConflictAhead(line, r4)).contains(w3);
  }

  @Test
  @DisplayName("request node names carry the nonce, so a name never repeats once the space is re-created")
  void names() {
    assertThat(Request.namePrefix("abc")).isEqualTo("r-abc-").startsWith(Request.PREFIX);
  }
}
