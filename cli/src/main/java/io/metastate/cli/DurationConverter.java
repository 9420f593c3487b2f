package io.metastate.cli;

import io.metastate.config.MetaStateConfig;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as the configuration writes them: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code PT10S}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    if (value.strip().equals("0")) {
      return Duration.ZERO;
    }
    try {
      Duration d = MetaStateConfig.of(Map.of("duration", value)).duration("duration").orElseThrow();
      if (d.isNegative()) {
        throw new TypeConversionException("a duration must not be negative, was '" + value + "'");
      }
      return d;
    } catch (RuntimeException e) {
      if (e instanceof TypeConversionException t) {
        throw t;
      }
      throw new TypeConversionException("'" + value + "' is not a duration such as 10s, 500ms, 2m or PT10S");
    }
  }
}
