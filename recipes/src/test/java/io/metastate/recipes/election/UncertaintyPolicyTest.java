package io.metastate.recipes.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.recipes.election.UncertaintyPolicy.Contact;
import io.metastate.session.SessionState;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The uncertainty rule on its own: which bounds are accepted, and when a term counts as leading. */
class UncertaintyPolicyTest {
  private static final Duration TTL = Duration.ofSeconds(2);
  private static final long MS = 1_000_000L;

  @Test
  @DisplayName("the maximum is a quarter of the TTL, also the default; anything longer or negative is refused by name")
  void bounds() {
    assertThat(UncertaintyPolicy.maximum(TTL)).isEqualTo(Duration.ofMillis(500));
    assertThat(UncertaintyPolicy.of(TTL, null).bound()).isEqualTo(Duration.ofMillis(500));
    assertThat(UncertaintyPolicy.of(TTL, Duration.ofMillis(500)).bound()).isEqualTo(Duration.ofMillis(500));
    assertThat(UncertaintyPolicy.of(TTL, Duration.ZERO).bound()).isZero();
    assertThatThrownBy(() -> UncertaintyPolicy.of(TTL, Duration.ofMillis(501)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.501S")
        .hasMessageContaining("maximum PT0.5S").hasMessageContaining("PT2S");
    assertThatThrownBy(() -> UncertaintyPolicy.of(TTL, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
  }

  @Test
  @DisplayName("a bound that starts when ZooKeeper (2/3 TTL) or etcd (0.6 TTL) reports ends before the TTL")
  void maximumEndsBeforeExpiry() {
    long ttl = TTL.toNanos();
    long max = UncertaintyPolicy.maximum(TTL).toNanos();
    assertThat(ttl * 2 / 3 + max).isLessThan(ttl);
    assertThat(ttl * 6 / 10 + max).isLessThan(ttl);
  }

  @Test
  @DisplayName("CONNECTED leads; SUSPENDED leads only within the bound of a started episode; terminal never")
  void leading() {
    UncertaintyPolicy p = UncertaintyPolicy.of(TTL, Duration.ofMillis(500));
    long start = 1_000 * MS;
    assertThat(p.leading(SessionState.CONNECTED, Contact.FRESH, UncertaintyPolicy.NO_EPISODE, start)).isTrue();
    assertThat(p.leading(SessionState.SUSPENDED, Contact.FRESH, start, start + 499 * MS)).isTrue();
    assertThat(p.leading(SessionState.SUSPENDED, Contact.FRESH, start, start + 500 * MS)).isFalse();
    assertThat(p.leading(SessionState.SUSPENDED, Contact.UNKNOWN, UncertaintyPolicy.NO_EPISODE, start)).isFalse();
    assertThat(p.leading(SessionState.EXPIRED, Contact.FRESH, start, start)).isFalse();
    assertThat(p.leading(SessionState.CLOSED, Contact.FRESH, start, start)).isFalse();
  }

  @Test
  @DisplayName("once the last contact is a TTL old nothing leads, whatever the episode says")
  void lapsedContact() {
    UncertaintyPolicy p = UncertaintyPolicy.of(TTL, Duration.ofMillis(500));
    long now = 1_000 * MS;
    assertThat(p.leading(SessionState.SUSPENDED, Contact.LAPSED, now, now)).isFalse();
    assertThat(p.leading(SessionState.CONNECTED, Contact.LAPSED, UncertaintyPolicy.NO_EPISODE, now)).isFalse();
  }

  @Test
  @DisplayName("a read may start an episode only when the session vouches for its last contact")
  void readStartsEpisode() {
    assertThat(UncertaintyPolicy.readStartsEpisode(SessionState.SUSPENDED, Contact.FRESH)).isTrue();
    assertThat(UncertaintyPolicy.readStartsEpisode(SessionState.SUSPENDED, Contact.UNKNOWN)).isFalse();
    assertThat(UncertaintyPolicy.readStartsEpisode(SessionState.SUSPENDED, Contact.LAPSED)).isFalse();
    assertThat(UncertaintyPolicy.readStartsEpisode(SessionState.CONNECTED, Contact.FRESH)).isFalse();
  }

  @Test
  @DisplayName("the time left of an episode counts down from the bound and stops at zero")
  void remaining() {
    UncertaintyPolicy p = UncertaintyPolicy.of(TTL, Duration.ofMillis(500));
    assertThat(p.remaining(0, 200 * MS)).isEqualTo(300 * MS);
    assertThat(p.remaining(0, 900 * MS)).isZero();
  }
}
