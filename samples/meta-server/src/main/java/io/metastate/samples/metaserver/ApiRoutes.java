package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.Records.Beacon;
import io.metastate.samples.metaserver.Records.Register;
import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.Records.WriteBackReply;
import io.metastate.samples.metaserver.http.Access;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.samples.metaserver.http.Call;
import io.metastate.samples.metaserver.http.Handler;
import io.metastate.samples.metaserver.http.HttpApi;
import io.metastate.samples.metaserver.http.Reply;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The meta server's JSON API: leader discovery, the cluster views, routing, membership, the data path and operator
 * actions. Leader-only calls on a follower are redirected (307) to the leader; the domain's {@link Refusal}s become
 * status codes here, at the edge.
 */
final class ApiRoutes {
  private final MetaServer server;
  private final ServerMeters meters;

  ApiRoutes(MetaServer server, ServerMeters meters) {
    this.server = server;
    this.meters = meters;
  }

  void install(HttpApi http) {
    http.map(Refusal.class, r -> new ApiException(status(r.reason()), r.getMessage()))
        .route("GET", "/api/leader", Access.PUBLIC, call -> Reply.ok(Map.of("self", server.url(),
            "isLeader", server.isLeader(), "leader", server.leaderUrl().orElse(""))))
        .route("GET", "/api/cluster", Access.PUBLIC, leaderOnly(call -> Reply.ok(server.view())))
        .route("GET", "/api/nodes", Access.PUBLIC, leaderOnly(call -> Reply.ok(server.coordinator().nodeViews())))
        .route("GET", "/api/partitions", Access.PUBLIC,
            leaderOnly(call -> Reply.ok(server.coordinator().partitionViews())))
        .route("GET", "/api/route", Access.PUBLIC,
            leaderOnly(call -> Reply.ok(server.coordinator().route(key(call)))))
        .route("POST", "/api/nodes/register", Access.NODE, leaderOnly(call -> {
          Register r = call.bodyAs(Register.class);
          if (r.id() == null || !r.id().matches("[A-Za-z0-9_-]{1,64}") || r.address() == null
              || !r.address().matches("https?://[^\\s/]+") || r.incarnation() == null
              || r.incarnation().isBlank()) {
            throw new ApiException(400, "register needs id (1-64 of [A-Za-z0-9_-]), address (http://host:port) and "
                + "incarnation, was " + r);
          }
          return Reply.ok(server.coordinator().register(r.id(), r.address(), r.incarnation()));
        }))
        .route("POST", "/api/nodes/beacon", Access.NODE, leaderOnly(call -> {
          Beacon b = call.bodyAs(Beacon.class);
          if (b.id() == null) {
            throw new ApiException(400, "beacon needs the node id");
          }
          return Reply.ok(server.coordinator().beacon(b.id()));
        }))
        .route("GET", "/api/data", Access.NODE, leaderOnly(call -> Reply.ok(server.writeBacks().read(
            call.requireQuery("node"), (int) call.requireLong("partition"), call.requireLong("epoch")))))
        .route("POST", "/api/writeback", Access.NODE, leaderOnly(call -> {
          WriteBack w = call.bodyAs(WriteBack.class);
          return server.seams().writeBack(w, () -> writeBack(w));
        }))
        .route("POST", "/api/admin/rebalance", Access.ADMIN, leaderOnly(call -> {
          server.coordinator().rebalance(Set.of());
          return Reply.ok(server.coordinator().partitionViews());
        }))
        .route("POST", "/api/admin/nodes/{id}/evict", Access.ADMIN, leaderOnly(call -> {
          server.coordinator().declareDead(List.of(call.pathParam("id")));
          return Reply.ok(server.coordinator().nodeViews());
        }));
  }

  private Reply writeBack(WriteBack w) {
    try {
      WriteBackReply reply = server.writeBacks().writeBack(w);
      meters.writeBack(reply.outcome());
      return Reply.ok(reply);
    } catch (Refusal r) {
      meters.writeBack(r.reason() == Refusal.Reason.STALE ? "refused" : "invalid");
      throw r;
    } catch (RuntimeException e) {
      meters.writeBack("failed");
      throw e;
    }
  }

  private static String key(Call call) {
    try {
      return KeySpace.validate(call.requireQuery("key"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  private Handler leaderOnly(Handler handler) {
    return call -> {
      if (server.isLeader()) {
        return handler.handle(call);
      }
      Optional<String> leader = server.leaderUrl().filter(l -> !l.equals(server.url()));
      if (leader.isEmpty()) {
        throw new ApiException(503, "no leader elected yet; retry shortly");
      }
      String target = leader.get() + call.path() + (call.rawQuery() == null ? "" : "?" + call.rawQuery());
      return Reply.redirect(target, Map.of("leader", leader.get()));
    };
  }

  /** The HTTP edge of the domain's refusals. */
  private static int status(Refusal.Reason reason) {
    return switch (reason) {
      case INVALID -> 400;
      case UNKNOWN -> 404;
      case STALE -> 409;
      case NOT_REGISTERED -> 410;
      case UNAVAILABLE -> 503;
    };
  }
}
