package io.metastate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The sample meta server's HTTP API as the failover bench polls it: a call that fails (a server killed, a leader not
 * yet elected) returns null or false rather than throwing, so that callers simply try again.
 */
final class MetaServerApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  /**
   * Waits (a look every 20 ms, up to 60 s) until {@code meta} sees {@code count} live nodes and a primary for every
   * partition.
   */
  void awaitAlive(String meta, int count) {
    Awaitility.await("the cluster reaches " + count + " live nodes").atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> serves(meta, count));
  }

  private boolean serves(String meta, int count) {
    JsonNode c = get(meta + "/api/cluster");
    if (c == null) {
      return false;
    }
    long alive = 0;
    boolean allServed = true;
    for (JsonNode n : c.get("nodes")) {
      alive += n.get("alive").asBoolean() ? 1 : 0;
    }
    for (JsonNode p : c.get("partitions")) {
      allServed &= !p.get("primary").isNull();
    }
    return alive == count && allServed;
  }

  /** Whether {@code meta} answers as the leader. */
  boolean leads(String meta) {
    JsonNode n = get(meta + "/api/leader");
    return n != null && n.get("isLeader").asBoolean();
  }

  /** Where {@code key} lives, from the first of {@code servers} that answers. */
  JsonNode route(List<String> servers, String key) {
    for (String s : servers) {
      JsonNode r = get(s + "/api/route?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** One increment of {@code key} at the node the route names: whether it was acknowledged. */
  boolean incr(JsonNode route, String key) {
    HttpResponse<String> r = send("POST", route.get("address").asText() + "/kv/" + key + "/incr");
    return r != null && r.statusCode() == 200;
  }

  private JsonNode get(String url) {
    return get(url, null);
  }

  /** GET {@code url} (with a bearer token unless null): its JSON body on 200, else null. */
  JsonNode get(String url, String token) {
    HttpResponse<String> r = send("GET", url, token);
    try {
      return r != null && r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private HttpResponse<String> send(String method, String url) {
    return send(method, url, null);
  }

  private HttpResponse<String> send(String method, String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Between polls. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
