package io.metastate.samples.metaserver;

import io.metastate.CoordinationClient;
import io.metastate.guice.MetaStateLifecycle;
import io.metastate.samples.metaserver.Records.Beacon;
import io.metastate.samples.metaserver.Records.ClusterView;
import io.metastate.samples.metaserver.Records.Register;
import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.balance.Balancer;
import io.metastate.samples.metaserver.http.Access;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.samples.metaserver.http.Call;
import io.metastate.samples.metaserver.http.Handler;
import io.metastate.samples.metaserver.http.HttpApi;
import io.metastate.samples.metaserver.http.Reply;
import io.metastate.samples.metaserver.http.Tokens;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One meta server process: serves the HTTP API and status page, campaigns for leadership, and while it leads runs
 * the {@link Coordinator} (membership, failure detector, balancer, write-back). Followers answer leader-only calls
 * with a 307 redirect to the leader.
 */
public final class MetaServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetaServer.class);

  private final Settings settings;
  private final CoordinationClient client;
  private final MetaStateLifecycle lifecycle;
  private final Balancer balancer;
  private final String balancerName;
  private final HttpApi http;
  private final Leadership leadership;
  private final Seams seams = new Seams();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "metaserver-failure-detector");
    t.setDaemon(true);
    return t;
  });
  private final java.util.concurrent.ExecutorService leaderWork = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "metaserver-leader");
    t.setDaemon(true);
    return t;
  });
  private volatile Coordinator coordinator;
  private volatile WriteBacks writeBacks;
  private volatile String self;
  private volatile boolean closing;

  @Inject
  MetaServer(Settings settings, CoordinationClient client, MetaStateLifecycle lifecycle, Tokens tokens,
      Balancer balancer, @Named("metaserver.balancer") String balancerName) {
    this.settings = settings;
    this.client = client;
    this.lifecycle = lifecycle;
    this.balancer = balancer;
    this.balancerName = balancerName;
    this.http = new HttpApi(tokens);
    this.leadership = new Leadership(client, "metaserver-" + settings.cluster(), seams);
    routes();
  }

  /** Listens on HTTP and starts campaigning; returns the URL this server serves on. */
  public String start() {
    http.start(settings.host(), settings.port(), "metaserver");
    self = "http://" + settings.host() + ":" + http.port();
    // A follower reads the cluster state now and then, so that the code a new leader runs first is warm: on a
    // loaded machine a cold take-over took about a second longer.
    ticker.scheduleWithFixedDelay(this::standby, 1, 1, TimeUnit.SECONDS);
    leadership.start(self, elected -> {
      LOG.info("elected leader of {} (epoch {})", settings.cluster(), leadership.token());
      leaderWork.execute(this::lead);
    }, this::lostLeadership);
    return self;
  }

  /** The URL this server serves on, once started. */
  public String url() {
    return self;
  }

  /** How many app nodes this server, as leader, considers alive (0 on a follower). */
  public long liveNodes() {
    Coordinator c = coordinator;
    return c == null ? 0 : c.nodeViews().stream().filter(Records.NodeView::alive).count();
  }

  /** The fault seams of this server's write paths, for tests. */
  Seams seams() {
    return seams;
  }

  /** Whether this server leads and has loaded the cluster state. */
  public boolean isLeader() {
    return coordinator != null && leadership.isLeading();
  }

  private void lead() {
    try {
      long started = System.nanoTime();
      ClusterState cluster = new ClusterState(settings, client.state(), leadership);
      Coordinator c = new Coordinator(settings, cluster, balancer, System::nanoTime);
      c.load();
      LOG.info("cluster state loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
      writeBacks = new WriteBacks(cluster, leadership);
      coordinator = c;
      long tick = Math.max(20, settings.nodeGrace().toMillis() / 5);
      ticker.scheduleWithFixedDelay(this::detect, tick, tick, TimeUnit.MILLISECONDS);
      LOG.info("{} leads cluster {} (epoch {})", self, settings.cluster(), leadership.token());
      System.out.println("LEADER " + self);
    } catch (RuntimeException e) {
      LOG.error("leadership could not start; exiting so that another meta server takes over", e);
      halt();
    }
  }

  private void standby() {
    if (coordinator == null && !closing) {
      try {
        new ClusterState(settings, client.state(), leadership).read();
      } catch (RuntimeException e) {
        LOG.debug("standby read failed", e);
      }
    }
  }

  private void detect() {
    try {
      if (leadership.isLeading()) {
        coordinator.detectFailures();
      }
    } catch (RuntimeException e) {
      LOG.warn("failure detector round failed", e);
    }
  }

  private void lostLeadership() {
    // A leader that lost its lock must not act on stale memory; exiting is the simplest safe answer (a supervisor
    // or the operator restarts it as a follower). Its writes are already fenced out by the lock check.
    coordinator = null;
    if (!closing) {
      LOG.error("leadership lost; exiting");
      halt();
    }
  }

  private static void halt() {
    new Thread(() -> System.exit(3), "metaserver-exit").start();
  }

  private void routes() {
    http.route("GET", "/|/status", Access.PUBLIC, call -> Reply.html(StatusPage.render(view())))
        .route("GET", "/api/leader", Access.PUBLIC, call -> Reply.ok(Map.of("self", self, "isLeader", isLeader(),
            "leader", leaderUrl().orElse(""))))
        .route("GET", "/api/cluster", Access.PUBLIC, leaderOnly(call -> Reply.ok(view())))
        .route("GET", "/api/nodes", Access.PUBLIC, leaderOnly(call -> Reply.ok(coordinator.nodeViews())))
        .route("GET", "/api/partitions", Access.PUBLIC, leaderOnly(call -> Reply.ok(coordinator.partitionViews())))
        .route("GET", "/api/route", Access.PUBLIC, leaderOnly(call -> Reply.ok(coordinator.route(key(call)))))
        .route("POST", "/api/nodes/register", Access.NODE, leaderOnly(call -> {
          Register r = call.bodyAs(Register.class);
          if (r.id() == null || !r.id().matches("[A-Za-z0-9_-]{1,64}") || r.address() == null
              || !r.address().matches("https?://[^\\s/]+") || r.incarnation() == null
              || r.incarnation().isBlank()) {
            throw new ApiException(400, "register needs id (1-64 of [A-Za-z0-9_-]), address (http://host:port) and "
                + "incarnation, was " + r);
          }
          return Reply.ok(coordinator.register(r.id(), r.address(), r.incarnation()));
        }))
        .route("POST", "/api/nodes/beacon", Access.NODE, leaderOnly(call -> {
          Beacon b = call.bodyAs(Beacon.class);
          if (b.id() == null) {
            throw new ApiException(400, "beacon needs the node id");
          }
          return Reply.ok(coordinator.beacon(b.id()));
        }))
        .route("GET", "/api/data", Access.NODE, leaderOnly(call -> Reply.ok(writeBacks.read(
            call.requireQuery("node"), (int) call.requireLong("partition"), call.requireLong("epoch")))))
        .route("POST", "/api/writeback", Access.NODE, leaderOnly(call -> {
          WriteBack w = call.bodyAs(WriteBack.class);
          return seams.writeBack(w, () -> Reply.ok(writeBacks.writeBack(w)));
        }))
        .route("POST", "/api/admin/rebalance", Access.ADMIN, leaderOnly(call -> {
          coordinator.rebalance(Set.of());
          return Reply.ok(coordinator.partitionViews());
        }))
        .route("POST", "/api/admin/nodes/([^/]+)/evict", Access.ADMIN, leaderOnly(call -> {
          coordinator.declareDead(List.of(call.pathParam(1)));
          return Reply.ok(coordinator.nodeViews());
        }));
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
      if (isLeader()) {
        try {
          return handler.handle(call);
        } catch (Refusal r) {
          throw new ApiException(status(r.reason()), r.getMessage());
        }
      }
      Optional<String> leader = leaderUrl().filter(l -> !l.equals(self));
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

  private Optional<String> leaderUrl() {
    return isLeader() ? Optional.of(self) : leadership.leaderUrl();
  }

  private ClusterView view() {
    Coordinator c = coordinator;
    boolean leading = isLeader();
    return new ClusterView(self, leaderUrl().orElse(""), leading, client.providerName(), balancerName,
        leading ? c.nodeViews() : List.of(), leading ? c.partitionViews() : List.of());
  }

  @Override
  public void close() {
    closing = true;
    ticker.shutdownNow();
    leaderWork.shutdownNow();
    http.close();
    coordinator = null;
    leadership.close();
    lifecycle.close();
  }
}
