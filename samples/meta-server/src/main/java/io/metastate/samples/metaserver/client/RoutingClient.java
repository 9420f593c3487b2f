package io.metastate.samples.metaserver.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastate.samples.metaserver.Records.Route;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.samples.metaserver.http.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's client: asks the meta server where a key lives, calls that node, and when the node answers
 * that it no longer serves the key (421), cannot serve right now (503) or refused the change without applying it
 * (409), asks again and retries until {@code deadline}.
 *
 * <p>An {@link #incr} that returns was written back to meta-state by the key's primary: it survives the primary's
 * death. An increment is never retried once its outcome is unknown — the node answered 504, or the request may have
 * reached the node but no answer came — so one {@code incr} call adds {@code by} at most once: when it throws
 * {@link ApiException} with status 504 it may or may not have been applied; any other failure means it was not.
 */
public final class RoutingClient {
  private final MetaLink meta;
  private final Duration deadline;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();

  /** A client of the meta servers at these URLs, giving up on one call after {@code deadline}. */
  public RoutingClient(List<String> servers, Duration deadline) {
    this.meta = new MetaLink(servers, null, Duration.ofSeconds(2));
    this.deadline = deadline;
  }

  /** Where a key lives now, asking the meta server. */
  public Route route(String key) {
    Route r = meta.get("/api/route?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8), Route.class);
    routes.put(key, r);
    return r;
  }

  /** Adds {@code by} to a key's counter; returns the new value once it is durable. */
  public long incr(String key, long by) {
    return call(key, "POST", "/incr?by=" + by).get("value").asLong();
  }

  /** The counter's value, or empty if the key was never written. */
  public OptionalLong get(String key) {
    JsonNode n = call(key, "GET", "");
    return n.get("value").isNull() ? OptionalLong.empty() : OptionalLong.of(n.get("value").asLong());
  }

  private JsonNode call(String key, String method, String suffix) {
    boolean idempotent = method.equals("GET");
    long end = System.nanoTime() + deadline.toNanos();
    String problem = "";
    int attempt = 0;
    while (System.nanoTime() < end) {
      if (attempt++ > 0) {
        backoff(attempt);
      }
      Route r = routes.get(key);
      try {
        if (r == null) {
          r = route(key);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(r.address() + "/kv/"
                + URLEncoder.encode(key, StandardCharsets.UTF_8) + suffix))
            .timeout(Duration.ofSeconds(3)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() == 200) {
          return Json.read(resp.body(), JsonNode.class);
        }
        problem = r.address() + " answered " + resp.statusCode() + ": " + MetaLink.errorOf(resp.body());
        if (resp.statusCode() == 400 || (resp.statusCode() == 504 && !idempotent)) {
          throw new ApiException(resp.statusCode(), problem);
        }
      } catch (IOException e) {
        problem = (r == null ? "meta server" : r.address()) + ": " + e;
        // Only a connection never made is known not to have delivered the request.
        if (r != null && !idempotent && !(e instanceof ConnectException || e instanceof HttpConnectTimeoutException)) {
          throw new ApiException(504, "outcome unknown: " + problem);
        }
      } catch (ApiException e) {
        if (e.status() == 400 || e.status() == 504) {
          throw e;
        }
        problem = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(idempotent ? 503 : 504, "interrupted" + (idempotent ? "" : ": outcome unknown"));
      }
      routes.remove(key);
    }
    throw new ApiException(503, "gave up on key '" + key + "' after " + deadline + ": " + problem);
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(Math.min(200, 10L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
