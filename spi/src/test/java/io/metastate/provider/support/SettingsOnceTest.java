package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("settings given once")
class SettingsOnceTest {
  @Test
  @DisplayName("keep each setting, in order, typed")
  void keeps() {
    SettingsOnce s = SettingsOnce.of("demo builder");
    s.put("b", Duration.ofSeconds(2));
    s.put("a", "x");
    assertThat(s.asMap()).containsExactly(
        java.util.Map.entry("b", Duration.ofSeconds(2)), java.util.Map.entry("a", "x"));
    assertThat(s.get("b", Duration.class)).contains(Duration.ofSeconds(2));
    assertThat(s.get("c", String.class, "default")).isEqualTo("default");
    assertThat(s.has("a")).isTrue();
    assertThat(s.has("c")).isFalse();
    assertThatThrownBy(() -> s.asMap().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("refuse a repeated key, naming it, both values and the builder, and keep the first")
  void repeated() {
    SettingsOnce s = SettingsOnce.of("demo builder");
    s.put("k", "first");
    assertThatThrownBy(() -> s.put("k", "second")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("k set twice").hasMessageContaining("'first'").hasMessageContaining("'second'")
        .hasMessageContaining("demo builder");
    assertThat(s.get("k", String.class)).contains("first");
  }

  @Test
  @DisplayName("refuse a null value; never show a secret")
  void nullAndSecret() {
    SettingsOnce s = SettingsOnce.of("demo builder");
    assertThatThrownBy(() -> s.put("k", null)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("k must not be null");
    s.putSecret("password", "hunter2");
    assertThatThrownBy(() -> s.put("password", "other")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("password set twice").hasMessageNotContaining("hunter2").hasMessageNotContaining("other");
    assertThat(s.toString()).isEqualTo("demo builder{password=***}");
  }
}
