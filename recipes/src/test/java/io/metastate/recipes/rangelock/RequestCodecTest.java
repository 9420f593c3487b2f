package io.metastate.recipes.rangelock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestCodecTest {
  @Test
  @DisplayName("a request survives encoding with awkward keys and owner ids")
  void roundTrip() {
    for (KeyRange range : new KeyRange[] {KeyRange.point("line\nbreak=x"), KeyRange.of("", "\u00e9\u4e2d"),
        KeyRange.atLeast("k:open"), KeyRange.below("open"), KeyRange.all()}) {
      byte[] data = Request.encode(range, LockMode.READ, "owner with spaces\n=", "n-1");
      Request r = Request.decode("r-1", "/s/r-1", data, 7, 42);
      assertThat(r.range()).isEqualTo(range);
      assertThat(r.mode()).isEqualTo(LockMode.READ);
      assertThat(r.ownerId()).isEqualTo("owner with spaces\n=");
      assertThat(r.sessionId()).isEqualTo(7);
      assertThat(r.createRevision()).isEqualTo(42);
      assertThat(r.nonce()).isEqualTo("n-1");
    }
  }

  @Test
  @DisplayName("a node that is not a request counts as a WRITE lock on every key, so nothing is granted past it")
  void malformed() {
    Request r = Request.decode("r-1", "/s/r-1", "hello".getBytes(StandardCharsets.UTF_8), 7, 42);
    assertThat(r.mode()).isEqualTo(LockMode.WRITE);
    assertThat(r.range()).isEqualTo(KeyRange.all());
  }
}
