package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.Records.ServerView;
import io.metastate.samples.metaserver.Records.StatusView;
import io.metastate.samples.metaserver.http.Access;
import io.metastate.samples.metaserver.http.HttpApi;
import io.metastate.samples.metaserver.http.Json;
import io.metastate.samples.metaserver.http.Reply;
import io.metastate.session.SessionState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator looks at: the live status page (a static page whose script polls {@code /api/status}), the status
 * as JSON — on a follower fetched from the leader, so the page works on any server — {@code /health} and the
 * Prometheus {@code /metrics}.
 */
final class StatusRoutes {
  private static final String ASSETS = "/io/metastate/samples/metaserver/status/";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final MetaServer server;
  private final PrometheusMeterRegistry registry;

  StatusRoutes(MetaServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  void install(HttpApi http) {
    http.resource("/", ASSETS + "index.html", "text/html; charset=utf-8")
        .resource("/status", ASSETS + "index.html", "text/html; charset=utf-8")
        .resource("/status.js", ASSETS + "status.js", "text/javascript; charset=utf-8")
        .resource("/status.css", ASSETS + "status.css", "text/css; charset=utf-8")
        .route("GET", "/api/status", Access.PUBLIC, call -> Reply.ok(status()))
        .route("GET", "/health", Access.PUBLIC, call -> health())
        .route("GET", "/metrics", Access.PUBLIC, call -> Reply.text(200,
            "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
  }

  /** The leader's view; a follower asks the leader for it and says it served it. */
  StatusView status() {
    if (server.isLeader()) {
      return server.statusView();
    }
    Optional<String> leader = server.leaderUrl().filter(l -> !l.equals(server.url()));
    String note = "no leader elected yet";
    if (leader.isPresent()) {
      try {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(leader.get() + "/api/status"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          StatusView v = Json.read(r.body(), StatusView.class);
          return new StatusView(server.url(), v.leader(), false, v.provider(), v.balancer(), v.term(), v.servers(),
              v.nodes(), v.partitions(), v.events(), null);
        }
        note = "the leader answered " + r.statusCode();
      } catch (java.io.IOException | RuntimeException e) {
        note = "the leader cannot be reached: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        note = "interrupted";
      }
    }
    String lead = leader.orElse("");
    List<ServerView> servers = server.members().stream().map(u -> new ServerView(u, u.equals(lead))).toList();
    return new StatusView(server.url(), lead, false, server.providerName(), server.balancerName(), 0, servers,
        List.of(), List.of(), List.of(), note);
  }

  /** Live while it answers; ready (200) when its session is connected and it knows the leader, else 503. */
  private Reply health() {
    SessionState session = server.sessionState();
    Optional<String> leader = server.leaderUrl();
    boolean ready = session == SessionState.CONNECTED && leader.isPresent();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "UP" : "DOWN");
    body.put("live", true);
    body.put("ready", ready);
    body.put("session", session.name());
    body.put("leaderKnown", leader.isPresent());
    body.put("leader", leader.orElse(""));
    body.put("isLeader", server.isLeader());
    return Reply.json(ready ? 200 : 503, body);
  }
}
