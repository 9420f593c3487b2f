package io.metastate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("MetaStateConfig")
class MetaStateConfigTest {
  @TempDir Path dir;

  @AfterEach
  void clearSystemProperties() {
    System.clearProperty(ConfigKeys.CONFIG_FILE);
    System.clearProperty("metastate.test.layer");
    System.clearProperty("metastate.test.only-system");
  }

  @Test
  @DisplayName("load() layers system properties over the properties file, and ignores non-metastate properties")
  void layering() throws IOException {
    Path file = dir.resolve("metastate.properties");
    Files.writeString(file, "metastate.test.layer=file\nmetastate.test.only-file=  from file  \n");
    System.setProperty(ConfigKeys.CONFIG_FILE, file.toString());
    System.setProperty("metastate.test.layer", "system");
    System.setProperty("metastate.test.only-system", "sys");
    MetaStateConfig config = MetaStateConfig.load();
    assertThat(config.get("metastate.test.layer")).contains("system");
    assertThat(config.get("metastate.test.only-file")).contains("from file");
    assertThat(config.get("metastate.test.only-system")).contains("sys");
    assertThat(config.explicitValues()).doesNotContainKey("java.version").containsKey("metastate.test.layer");
  }

  @Test
  @DisplayName("load() names an unreadable config file and the key that pointed at it")
  void unreadableFile() {
    Path missing = dir.resolve("absent.properties");
    System.setProperty(ConfigKeys.CONFIG_FILE, missing.toString());
    assertThatThrownBy(MetaStateConfig::load).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining(ConfigKeys.CONFIG_FILE);
  }

  @Test
  @DisplayName("environment names upper-case the key and turn '.' and '-' into '_'")
  void envNames() {
    assertThat(MetaStateConfig.envName("metastate.session.ttl")).isEqualTo("METASTATE_SESSION_TTL");
    assertThat(MetaStateConfig.envName("metastate.owner-id")).isEqualTo("METASTATE_OWNER_ID");
    assertThat(MetaStateConfig.envName("metastate.localfile.dir")).isEqualTo("METASTATE_LOCALFILE_DIR");
  }

  @Test
  @DisplayName("load() reads the environment under the derived name, below explicit values")
  void environment() {
    // PATH is set in every test environment: read it through a key whose env name is PATH.
    String path = System.getenv("PATH");
    MetaStateConfig loaded = MetaStateConfig.load();
    assertThat(loaded.get("path")).contains(path.trim());
    assertThat(loaded.with("path", "explicit").get("path")).contains("explicit");
    assertThat(MetaStateConfig.of(Map.of()).get("path")).isEmpty();
  }

  @Test
  @DisplayName("durations: 10s, 500ms, 2m, 1h and ISO-8601; anything else names the key and the formats")
  void durations() {
    MetaStateConfig c = MetaStateConfig.of(Map.of("s", "10s", "ms", "500ms", "m", "2m", "h", "1h", "iso", "PT3S",
        "spaced", " 7 s ", "bad", "soon", "neg", "-5s"));
    assertThat(c.duration("s")).contains(Duration.ofSeconds(10));
    assertThat(c.duration("ms")).contains(Duration.ofMillis(500));
    assertThat(c.duration("m")).contains(Duration.ofMinutes(2));
    assertThat(c.duration("h")).contains(Duration.ofHours(1));
    assertThat(c.duration("iso")).contains(Duration.ofSeconds(3));
    assertThat(c.duration("spaced")).contains(Duration.ofSeconds(7));
    assertThat(c.duration("absent")).isEmpty();
    assertThat(c.duration("absent", Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> c.duration("bad")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bad").hasMessageContaining("'soon'").hasMessageContaining("500ms");
    assertThatThrownBy(() -> c.duration("neg")).isInstanceOf(ConfigurationException.class);
  }

  @Test
  @DisplayName("session TTL defaults to 10s and must be positive")
  void sessionTtl() {
    assertThat(MetaStateConfig.of(Map.of()).sessionTtl()).isEqualTo(MetaStateConfig.DEFAULT_SESSION_TTL)
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(MetaStateConfig.of(Map.of(ConfigKeys.SESSION_TTL, "2s")).sessionTtl()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> MetaStateConfig.of(Map.of(ConfigKeys.SESSION_TTL, "0s")).sessionTtl())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(ConfigKeys.SESSION_TTL);
  }

  @Test
  @DisplayName("integers, booleans, required keys and blank values")
  void typedValues() {
    MetaStateConfig c = MetaStateConfig.of(Map.of("n", "3", "zero", "0", "word", "x", "t", "TRUE", "f", "false",
        "maybe", "yes"));
    assertThat(c.positiveInt("n", 1)).isEqualTo(3);
    assertThat(c.positiveInt("absent", 9)).isEqualTo(9);
    assertThatThrownBy(() -> c.positiveInt("zero", 1)).hasMessageContaining("zero").hasMessageContaining("'0'");
    assertThatThrownBy(() -> c.positiveInt("word", 1)).isInstanceOf(ConfigurationException.class);
    assertThat(c.bool("t", false)).isTrue();
    assertThat(c.bool("f", true)).isFalse();
    assertThat(c.bool("absent", true)).isTrue();
    assertThatThrownBy(() -> c.bool("maybe", true)).hasMessageContaining("true or false");
    assertThat(MetaStateConfig.builder().set("blank", "   ").build().get("blank")).isEmpty();
    assertThatThrownBy(() -> c.require("metastate.zookeeper.connect")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metastate.zookeeper.connect").hasMessageContaining("METASTATE_ZOOKEEPER_CONNECT");
    assertThat(c.require("n")).isEqualTo("3");
  }

  @Test
  @DisplayName("owner id defaults to pid@host; with() overrides one key and leaves the original alone")
  void ownerAndWith() {
    MetaStateConfig base = MetaStateConfig.of(Map.of());
    assertThat(base.ownerId()).startsWith(ProcessHandle.current().pid() + "@");
    MetaStateConfig named = base.with(ConfigKeys.OWNER_ID, "me");
    assertThat(named.ownerId()).isEqualTo("me");
    assertThat(base.get(ConfigKeys.OWNER_ID)).isEmpty();
  }

  @Test
  @DisplayName("the builder fails fast on a key set twice, a blank key or a null value")
  void builder() {
    assertThat(MetaStateConfig.builder().set("a", " 1 ").build().get("a")).contains("1");
    assertThatThrownBy(() -> MetaStateConfig.builder().set("a", "1").set("a", "2"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("a set twice").hasMessageContaining("'1'")
        .hasMessageContaining("'2'");
    assertThatThrownBy(() -> MetaStateConfig.builder().set(" ", "1")).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> MetaStateConfig.builder().set("a", null)).hasMessageContaining("a");
  }

  @Test
  @DisplayName("fromProperties trims values and takes only what is given")
  void fromProperties() {
    Properties p = new Properties();
    p.setProperty("metastate.provider", " localfile ");
    MetaStateConfig c = MetaStateConfig.fromProperties(p);
    assertThat(c.get("metastate.provider")).contains("localfile");
    assertThat(c.explicitValues()).containsOnlyKeys("metastate.provider");
  }
}
