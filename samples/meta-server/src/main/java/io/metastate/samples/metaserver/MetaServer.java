package io.metastate.samples.metaserver;

import io.metastate.CoordinationClient;
import io.metastate.guice.MetaStateLifecycle;
import io.metastate.micrometer.MetaStateMetrics;
import io.metastate.micrometer.RecipeMetrics;
import io.metastate.samples.metaserver.Records.ClusterView;
import io.metastate.samples.metaserver.Records.ServerView;
import io.metastate.samples.metaserver.Records.StatusView;
import io.metastate.samples.metaserver.balance.Balancer;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.samples.metaserver.http.HttpApi;
import io.metastate.samples.metaserver.http.Tokens;
import io.metastate.session.SessionState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
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
  private final Timeline timeline = new Timeline();
  private final ServerMeters meters;
  private final Failovers failovers;
  private final Members members;
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
      Balancer balancer, @Named("metaserver.balancer") String balancerName, PrometheusMeterRegistry registry,
      MetaStateMetrics metrics) {
    this.settings = settings;
    this.client = client;
    this.lifecycle = lifecycle;
    this.balancer = balancer;
    this.balancerName = balancerName;
    this.http = new HttpApi(tokens, "metaserver");
    this.meters = new ServerMeters(registry);
    this.failovers = new Failovers(timeline, meters);
    this.members = new Members(client.state(), settings.cluster());
    String election = "metaserver-" + settings.cluster();
    this.leadership = new Leadership(client, election, seams, RecipeMetrics.of(metrics, client));
    meters.gauges(this::liveNodes, () -> {
      Coordinator c = coordinator;
      return c == null ? 0 : c.partitionsWithoutPrimary();
    }, () -> isLeader() ? leadership.token() : 0);
    new ApiRoutes(this, meters).install(http);
    new StatusRoutes(this, registry).install(http);
  }

  /** Listens on HTTP and starts campaigning; returns the URL this server serves on. */
  public String start() {
    http.start(settings.host(), settings.port());
    self = "http://" + settings.host() + ":" + http.port();
    members.join(self);
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
      timeline.add("leader", null, self + " leads (term " + leadership.token() + ")");
      Coordinator c = new Coordinator(settings, cluster, balancer, System::nanoTime, timeline, failovers);
      c.load();
      LOG.info("cluster state loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
      writeBacks = new WriteBacks(cluster, leadership);
      coordinator = c;
      long tick = Math.max(20, settings.nodeGrace().toMillis() / 5);
      ticker.scheduleWithFixedDelay(this::detect, tick, tick, TimeUnit.MILLISECONDS);
      LOG.info("{} leads cluster {} (epoch {})", self, settings.cluster(), leadership.token());
      System.out.println("LEADER " + self);
    } catch (RuntimeException e) {
      if (closing) {
        // Elected while shutting down (the previous leader closed first): nothing to lead, and no exit either,
        // since a test runs several servers in one JVM.
        LOG.debug("leadership began while closing; not leading", e);
        return;
      }
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

  Optional<String> leaderUrl() {
    return isLeader() ? Optional.of(self) : leadership.leaderUrl();
  }

  ClusterView view() {
    Coordinator c = coordinator;
    boolean leading = isLeader();
    return new ClusterView(self, leaderUrl().orElse(""), leading, client.providerName(), balancerName,
        leading ? c.nodeViews() : List.of(), leading ? c.partitionViews() : List.of());
  }

  /** The status page's view, as this server sees it while it leads. */
  StatusView statusView() {
    Coordinator c = coordinator;
    boolean leading = isLeader() && c != null;
    String lead = leaderUrl().orElse("");
    List<ServerView> servers = members().stream().map(u -> new ServerView(u, u.equals(lead))).toList();
    return new StatusView(self, lead, leading, client.providerName(), balancerName, leadership.token(), servers,
        leading ? c.nodeViews() : List.of(), leading ? c.partitionViews() : List.of(), timeline.events(), null);
  }

  List<String> members() {
    try {
      return members.urls();
    } catch (RuntimeException e) {
      LOG.debug("cannot list the meta servers", e);
      return self == null ? List.of() : List.of(self);
    }
  }

  Coordinator coordinator() {
    Coordinator c = coordinator;
    if (c == null) {
      throw new ApiException(503, "leadership is changing; retry shortly");
    }
    return c;
  }

  WriteBacks writeBacks() {
    return writeBacks;
  }

  String providerName() {
    return client.providerName();
  }

  String balancerName() {
    return balancerName;
  }

  SessionState sessionState() {
    return client.session().state();
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
