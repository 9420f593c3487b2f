package io.metastate.provider.support;

import io.metastate.error.ConfigurationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings collected by a provider's builder, each given at most once: a repeated key fails at once with a
 * {@link ConfigurationException} naming the key and both values, since a builder that kept the first or the last
 * value would hide a mistake in the code that calls it. A builder keeps one of these, validates each value in its
 * setter, and reads them back when it opens the client. Not thread-safe, like the builders that use it.
 */
public final class SettingsOnce {
  private final String builder;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Set<String> secrets = new LinkedHashSet<>();

  private SettingsOnce(String builder) {
    this.builder = builder;
  }

  /** Settings of {@code builder}, named so in messages ({@code "etcd client builder"}). */
  public static SettingsOnce of(String builder) {
    return new SettingsOnce(builder);
  }

  /**
   * Records {@code key = value}.
   *
   * @throws ConfigurationException if {@code value} is null or {@code key} was set before
   */
  public void put(String key, Object value) {
    put(key, value, false);
  }

  /** {@link #put} for a value that messages must not show (a password). */
  public void putSecret(String key, Object value) {
    put(key, value, true);
  }

  private void put(String key, Object value, boolean secret) {
    if (value == null) {
      throw new ConfigurationException(key + " must not be null (" + builder + ")");
    }
    Object previous = values.putIfAbsent(key, value);
    if (previous != null) {
      boolean hidden = secret || secrets.contains(key);
      throw new ConfigurationException(key + " set twice on the " + builder + " ('" + (hidden ? "***" : previous)
          + "', then '" + (hidden ? "***" : value) + "'); set each setting once");
    }
    if (secret) {
      secrets.add(key);
    }
  }

  /** Whether {@code key} was set. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The value of {@code key}, if set. */
  public <T> Optional<T> get(String key, Class<T> type) {
    return Optional.ofNullable(values.get(key)).map(type::cast);
  }

  /** The value of {@code key}, or {@code otherwise} if unset. */
  public <T> T get(String key, Class<T> type, T otherwise) {
    return get(key, type).orElse(otherwise);
  }

  /** Every setting, in the order given; read-only. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(builder).append('{');
    values.forEach((k, v) -> out.append(out.charAt(out.length() - 1) == '{' ? "" : ", ").append(k).append('=')
        .append(secrets.contains(k) ? "***" : v));
    return out.append('}').toString();
  }
}
