package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.MetaState;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.error.ProviderNotFoundException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Discovery and configuration, as a user on this provider's classpath meets them. */
public abstract class ConfigContract extends Contract {
  private static final String UNKNOWN = "tck-no-such-provider";

  @Nested
  @DisplayName("discovery")
  class Discovery {
    @Test
    @DisplayName("an unknown provider name fails with ProviderNotFoundException naming it and listing this provider")
    @Verifies("CONFIG-3")
    void unknownName() {
      String mine = kit.open().providerName();
      assertThatThrownBy(() -> MetaState.provider(UNKNOWN)).isInstanceOfSatisfying(ProviderNotFoundException.class, e -> {
        assertThat(e.requested()).isEqualTo(UNKNOWN);
        assertThat(e.available()).contains(mine).isSorted();
        assertThat(e.getMessage()).contains(UNKNOWN, mine);
      });
      assertThatThrownBy(() -> MetaState.open(MetaStateConfig.of(Map.of(ConfigKeys.PROVIDER, UNKNOWN))))
          .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining(ConfigKeys.PROVIDER);
    }
  }

  @Nested
  @DisplayName("a configuration")
  class Values {
    @Test
    @DisplayName("reads a key from the environment variable named by upper-casing it, dots and dashes as underscores")
    @Verifies("CONFIG-5")
    void environmentNames() {
      assertThat(MetaStateConfig.envName("metastate.owner-id")).isEqualTo("METASTATE_OWNER_ID");
      assertThat(MetaStateConfig.envName(ConfigKeys.SESSION_TTL)).isEqualTo("METASTATE_SESSION_TTL");
      assertThat(MetaStateConfig.envName("metastate.lock.provider")).isEqualTo("METASTATE_LOCK_PROVIDER");
    }

    @Test
    @DisplayName("reads durations as ms, s, m, h or ISO-8601, and rejects anything else naming the key")
    @Verifies("CONFIG-6")
    void durations() {
      Map<String, Duration> good = Map.of("500ms", Duration.ofMillis(500), "10s", Duration.ofSeconds(10),
          "2m", Duration.ofMinutes(2), "1h", Duration.ofHours(1), "PT10S", Duration.ofSeconds(10),
          " 3 S ", Duration.ofSeconds(3), "0s", Duration.ZERO);
      good.forEach((raw, expected) -> assertThat(MetaStateConfig.of(Map.of("k", raw)).duration("k")).as(raw)
          .contains(expected));
      for (String bad : new String[] {"10", "ten seconds", "10 sec", "1d", "-5s", "5.5s"}) {
        assertThatThrownBy(() -> MetaStateConfig.of(Map.of("k.dur", bad)).duration("k.dur")).as(bad)
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("k.dur");
      }
      assertThat(MetaStateConfig.of(Map.of()).duration("k")).isEmpty();
    }

    @Test
    @DisplayName("has a 10 s session TTL by default, and rejects a zero or negative one")
    @Verifies("CONFIG-7")
    void sessionTtl() {
      assertThat(MetaStateConfig.of(Map.of()).sessionTtl()).isEqualTo(Duration.ofSeconds(10));
      assertThat(MetaStateConfig.of(Map.of(ConfigKeys.SESSION_TTL, "1ms")).sessionTtl()).isEqualTo(Duration.ofMillis(1));
      for (String bad : new String[] {"0s", "0ms", "PT0S", "PT-1S"}) {
        assertThatThrownBy(() -> MetaStateConfig.of(Map.of(ConfigKeys.SESSION_TTL, bad)).sessionTtl()).as(bad)
            .isInstanceOf(ConfigurationException.class).hasMessageContaining(ConfigKeys.SESSION_TTL);
      }
    }

    @Test
    @DisplayName("built with a key set twice fails fast, naming the key and both values")
    @Verifies("CONFIG-8")
    void setTwice() {
      MetaStateConfig.Builder builder = MetaStateConfig.builder().set(ConfigKeys.OWNER_ID, "first");
      assertThatThrownBy(() -> builder.set(ConfigKeys.OWNER_ID, "second")).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(ConfigKeys.OWNER_ID).hasMessageContaining("first").hasMessageContaining("second");
      assertThat(builder.build().get(ConfigKeys.OWNER_ID)).contains("first");
    }
  }
}
