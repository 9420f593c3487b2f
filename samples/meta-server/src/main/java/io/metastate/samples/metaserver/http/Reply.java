package io.metastate.samples.metaserver.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP response.
 *
 * @param status the status code
 * @param contentType the media type of the body
 * @param body the body
 * @param headers extra headers
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  public Reply {
    headers = Map.copyOf(headers);
  }

  /** A JSON body. */
  public static Reply json(int status, Object body) {
    return new Reply(status, "application/json", Json.bytes(body), Map.of());
  }

  /** A 200 JSON body. */
  public static Reply ok(Object body) {
    return json(200, body);
  }

  /** An HTML page. */
  public static Reply html(String page) {
    return text(200, "text/html; charset=utf-8", page);
  }

  /** A text body of any media type. */
  public static Reply text(int status, String contentType, String body) {
    return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** A temporary redirect that keeps the method and body (307). */
  public static Reply redirect(String location, Object body) {
    return new Reply(307, "application/json", Json.bytes(body), Map.of("Location", location));
  }
}
