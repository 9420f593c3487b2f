package io.metastate.samples.metaserver.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One HTTP request as a handler sees it.
 *
 * @param method the HTTP method
 * @param path the request path
 * @param rawQuery the query string, or null
 * @param body the request body
 * @param match the route pattern's match, for path parameters
 */
public record Call(String method, String path, String rawQuery, byte[] body, Matcher match) {
  /** The n-th group of the route pattern. */
  public String pathParam(int group) {
    return URLDecoder.decode(match.group(group), StandardCharsets.UTF_8);
  }

  /** The query parameters (last value wins). */
  public Map<String, String> query() {
    Map<String, String> q = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  /** A required query parameter; 400 naming it when missing. */
  public String requireQuery(String name) {
    String v = query().get(name);
    if (v == null || v.isBlank()) {
      throw new ApiException(400, "missing query parameter '" + name + "'");
    }
    return v;
  }

  /** A required integer query parameter; 400 naming it and the bad value. */
  public long requireLong(String name) {
    String v = requireQuery(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "query parameter '" + name + "' must be an integer, was '" + v + "'");
    }
  }

  /** The body decoded as a JSON record; 400 with the parser's reason when malformed. */
  public <T> T bodyAs(Class<T> type) {
    if (body.length == 0) {
      throw new ApiException(400, "request body must be a JSON " + type.getSimpleName() + ", was empty");
    }
    try {
      return Json.read(body, type);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  /** The non-empty segments of the path. */
  public List<String> segments() {
    return List.of(path.replaceAll("^/+|/+$", "").split("/+"));
  }
}
