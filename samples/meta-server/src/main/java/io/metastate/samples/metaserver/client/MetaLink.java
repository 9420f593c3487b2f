package io.metastate.samples.metaserver.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.samples.metaserver.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Calls the meta servers: tries each in turn (starting with the last that answered), follows a follower's 307 to
 * the leader, and turns error replies into {@link ApiException}s carrying the server's status and message.
 */
public final class MetaLink {
  private final List<String> servers;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;
  private volatile int preferred;

  /**
   * @param servers the meta servers' base URLs
   * @param token the bearer token to present, or null for public calls only
   * @param timeout the per-request timeout
   */
  public MetaLink(List<String> servers, String token, Duration timeout) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("at least one meta server URL is needed (metaserver.servers)");
    }
    servers.forEach(URI::create);
    this.servers = List.copyOf(servers);
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** A GET, decoded as {@code type}. */
  public <T> T get(String pathAndQuery, Class<T> type) {
    return Json.read(send("GET", pathAndQuery, null), type);
  }

  /** A POST of a JSON body, decoded as {@code type}. */
  public <T> T post(String path, Object body, Class<T> type) {
    return Json.read(send("POST", path, body), type);
  }

  /**
   * Sends a request to the first meta server that answers.
   *
   * @throws ApiException with the server's status for a 4xx, or 503 when no meta server answers usefully
   */
  public byte[] send(String method, String pathAndQuery, Object body) {
    String lastProblem = "";
    for (int i = 0; i < servers.size(); i++) {
      int index = (preferred + i) % servers.size();
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(servers.get(index) + pathAndQuery)).timeout(timeout)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      try {
        HttpResponse<byte[]> r = http.send(b.header("Content-Type", "application/json").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 == 2) {
          preferred = index;
          return r.body();
        }
        if (r.statusCode() / 100 == 4) {
          preferred = index;
          throw new ApiException(r.statusCode(), errorOf(r.body()));
        }
        lastProblem = servers.get(index) + " answered " + r.statusCode() + ": " + errorOf(r.body());
      } catch (IOException e) {
        lastProblem = servers.get(index) + ": " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(503, "interrupted");
      }
    }
    throw new ApiException(503, "no meta server could serve " + method + " " + pathAndQuery + " (last: "
        + lastProblem + ")");
  }

  static String errorOf(byte[] body) {
    try {
      JsonNode n = Json.read(body, JsonNode.class);
      return n.has("error") ? n.get("error").asText() : n.toString();
    } catch (IllegalArgumentException e) {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
