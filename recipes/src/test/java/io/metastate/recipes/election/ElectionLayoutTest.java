package io.metastate.recipes.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.InvalidPathException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LockNames;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ElectionLayoutTest {
  @Test
  @DisplayName("the leader record survives encoding, with metadata that contains blank lines and any bytes")
  void roundTrip() {
    byte[] metadata = {'\n', '\n', 0, (byte) 0xff, 'x'};
    byte[] data = ElectionLayout.encode(new FencingToken(99), 0xfeedL, "pid 1@host\nx", metadata);
    LeaderInfo info = ElectionLayout.decode("e", data).orElseThrow();
    assertThat(info.token()).isEqualTo(new FencingToken(99));
    assertThat(info.sessionId()).isEqualTo(0xfeedL);
    assertThat(info.ownerId()).isEqualTo("pid 1@host\nx");
    assertThat(info.metadata()).containsExactly(metadata);
    assertThat(new String(data, StandardCharsets.UTF_8)).startsWith("metastate-leader/1\ntoken=99\n");
  }

  @Test
  @DisplayName("a node someone else wrote there is not taken for a leader")
  void malformed() {
    assertThat(ElectionLayout.decode("e", "garbage".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ElectionLayout.decode("e", "other/1\ntoken=5\n\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ElectionLayout.decode("e", "metastate-leader/1\ntoken=0\n\n".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  @DisplayName("election names follow the lock-name rules, including the length left after the prefix")
  void names() {
    assertThat(ElectionLayout.validate("meta/servers")).isEqualTo("meta/servers");
    assertThat(ElectionLayout.leaderPath("meta/servers")).isEqualTo("/metastate/elections/meta/servers/leader");
    assertThatThrownBy(() -> ElectionLayout.validate("a b")).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> ElectionLayout.validate("x".repeat(LockNames.MAX_LENGTH)))
        .isInstanceOf(InvalidPathException.class);
  }
}
