package io.metastate.samples.metaserver.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request as a handler sees it: Javalin's context, with the sample's 400 replies for bad input. */
public final class Call {
  private final Context ctx;

  Call(Context ctx) {
    this.ctx = ctx;
  }

  /** The request path. */
  public String path() {
    return ctx.path();
  }

  /** The raw query string, or null. */
  public String rawQuery() {
    return ctx.queryString();
  }

  /** A path parameter of the route ({@code /kv/{key}}), decoded. */
  public String pathParam(String name) {
    return ctx.pathParam(name);
  }

  /** The query parameters (last value wins). */
  public Map<String, String> query() {
    Map<String, String> q = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> q.put(k, v.isEmpty() ? "" : v.get(v.size() - 1)));
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
    byte[] body = ctx.bodyAsBytes();
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
    return List.of(path().replaceAll("^/+|/+$", "").split("/+"));
  }
}
