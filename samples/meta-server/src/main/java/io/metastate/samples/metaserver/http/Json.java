package io.metastate.samples.metaserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper of the sample: records in and out, unknown fields rejected so typos surface as 400s. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Json() {}

  /** Encodes a value. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * Decodes a value.
   *
   * @throws IllegalArgumentException naming the type and what was wrong, for malformed input
   */
  public static <T> T read(byte[] data, Class<T> type) {
    try {
      T value = MAPPER.readValue(data, type);
      if (value == null) {
        throw new IllegalArgumentException("expected a JSON " + type.getSimpleName() + ", got null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON for " + type.getSimpleName() + ": "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
