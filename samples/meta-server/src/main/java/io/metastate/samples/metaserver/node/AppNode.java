package io.metastate.samples.metaserver.node;

import io.metastate.samples.metaserver.KeySpace;
import io.metastate.samples.metaserver.Records.Assignment;
import io.metastate.samples.metaserver.Records.Beacon;
import io.metastate.samples.metaserver.Records.BeaconReply;
import io.metastate.samples.metaserver.Records.PartitionData;
import io.metastate.samples.metaserver.Records.Register;
import io.metastate.samples.metaserver.Settings;
import io.metastate.samples.metaserver.client.MetaLink;
import io.metastate.samples.metaserver.http.Access;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.samples.metaserver.http.Call;
import io.metastate.samples.metaserver.http.HttpApi;
import io.metastate.samples.metaserver.http.Reply;
import io.metastate.samples.metaserver.http.Tokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sample app node (a game server): registers with the meta server, renews its lease with beacons, serves counters
 * for the keys of the partitions it is primary of from a cache, and writes changes back through the leader with its
 * epoch. When its lease runs out — no beacon acknowledged for {@code metaserver.node.lease} — it purges its cache
 * and stops serving before the leader (which waits lease + grace) can give its partitions to another node.
 */
public final class AppNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppNode.class);

  private final Settings settings;
  private final MetaLink meta;
  private final HttpApi http;
  private final Map<Integer, OwnedPartition> owned = new ConcurrentHashMap<>();
  private volatile long leaseUntil = System.nanoTime();
  private volatile int partitionCount = -1;
  private volatile boolean registered;
  private volatile boolean running = true;
  private final String incarnation = UUID.randomUUID().toString();
  private final Flusher flusher;
  private String address;

  /** A node with these settings ({@code metaserver.node.id}, {@code metaserver.servers}, the node token). */
  public AppNode(Settings settings) {
    if (settings.nodeId().isEmpty() || settings.nodeToken().isEmpty()) {
      throw new IllegalArgumentException("an app node needs metaserver.node.id and metaserver.auth.node-token");
    }
    this.settings = settings;
    this.meta = new MetaLink(settings.servers(), settings.nodeToken(), settings.beaconInterval().multipliedBy(2));
    this.flusher = new Flusher(settings, meta, incarnation, owned, this::leaseValid);
    this.http = new HttpApi(new Tokens(settings.nodeToken(), UUID.randomUUID().toString()),
        "node-" + settings.nodeId());
    http.route("GET", "/kv/{key}", Access.PUBLIC, this::read)
        .route("POST", "/kv/{key}/incr", Access.PUBLIC, this::incr)
        .route("GET", "/", Access.PUBLIC, call -> Reply.ok(status()))
        .route("GET", "/status", Access.PUBLIC, call -> Reply.ok(status()));
  }

  /** Starts serving and beaconing; returns this node's URL. */
  public String start() {
    http.start(settings.host(), settings.port());
    address = "http://" + settings.host() + ":" + http.port();
    daemon("beacon", this::beaconLoop);
    daemon("flusher", flusher::run);
    daemon("lease-watchdog", this::leaseWatchdog);
    return address;
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, "node-" + name);
    t.setDaemon(true);
    t.start();
  }

  private boolean leaseValid() {
    return System.nanoTime() - leaseUntil < 0;
  }

  private void beaconLoop() {
    while (running) {
      long sent = System.nanoTime();
      try {
        BeaconReply reply = registered
            ? meta.post("/api/nodes/beacon", new Beacon(settings.nodeId()), BeaconReply.class)
            : meta.post("/api/nodes/register", new Register(settings.nodeId(), address, incarnation),
                BeaconReply.class);
        registered = true;
        // The lease runs from when the beacon was sent: the leader heard it later, so it waits at least as long.
        leaseUntil = sent + TimeUnit.MILLISECONDS.toNanos(reply.leaseMillis());
        partitionCount = reply.partitions();
        apply(reply.assignments());
      } catch (ApiException e) {
        if (e.status() == 410) {
          registered = false;
          purgeAll("declared dead by the leader");
        }
        LOG.debug("beacon failed: {}", e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("beacon failed", e);
      }
      if (!leaseValid() && !owned.isEmpty()) {
        purgeAll("lease expired");
      }
      pause(Math.max(1, settings.beaconInterval().toMillis() - (System.nanoTime() - sent) / 1_000_000));
    }
  }

  /** Purges as soon as the lease runs out, even while a beacon is stuck waiting for an unresponsive meta server. */
  private void leaseWatchdog() {
    long tick = Math.max(10, settings.nodeLease().toMillis() / 20);
    while (running) {
      if (!leaseValid() && !owned.isEmpty()) {
        purgeAll("lease expired");
      }
      pause(tick);
    }
  }

  private void apply(List<Assignment> assignments) {
    Map<Integer, Long> primaries = assignments.stream().filter(a -> a.role().equals("primary"))
        .collect(Collectors.toMap(Assignment::partition, Assignment::epoch));
    for (OwnedPartition p : List.copyOf(owned.values())) {
      Long epoch = primaries.get(p.id);
      if (epoch == null || epoch != p.epoch) {
        owned.remove(p.id, p);
        p.purge("partition " + p.id + " moved (epoch " + p.epoch + " -> " + epoch + ")");
      }
    }
    primaries.forEach((id, epoch) -> owned.computeIfAbsent(id, k -> new OwnedPartition(id, epoch)));
  }

  private void purgeAll(String why) {
    if (!owned.isEmpty()) {
      LOG.warn("node {} stops serving: {}", settings.nodeId(), why);
    }
    for (OwnedPartition p : List.copyOf(owned.values())) {
      owned.remove(p.id, p);
      p.purge(why);
    }
  }

  private OwnedPartition serving(String key) {
    try {
      KeySpace.validate(key);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    if (!leaseValid() || partitionCount < 0) {
      throw new ApiException(503, "node " + settings.nodeId() + " has no valid lease; ask the meta server again");
    }
    int id = KeySpace.partitionOf(key, partitionCount);
    OwnedPartition p = owned.get(id);
    if (p == null) {
      throw new ApiException(421, "node " + settings.nodeId() + " is not the primary of partition " + id);
    }
    if (!p.isLoaded()) {
      PartitionData d = meta.get("/api/data?node=" + settings.nodeId() + "&partition=" + id + "&epoch=" + p.epoch,
          PartitionData.class);
      p.load(d.values());
    }
    if (p.isPurged()) {
      throw new ApiException(421, "partition " + id + " just moved away from node " + settings.nodeId());
    }
    return p;
  }

  private Reply read(Call call) {
    String key = call.pathParam("key");
    OwnedPartition p = serving(key);
    Long v = guarded(() -> p.get(key));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("key", key);
    body.put("value", v);
    body.put("partition", p.id);
    body.put("epoch", p.epoch);
    return Reply.ok(body);
  }

  private Reply incr(Call call) {
    String key = call.pathParam("key");
    long by = call.query().containsKey("by") ? call.requireLong("by") : 1;
    OwnedPartition p = serving(key);
    Map.Entry<Long, CompletableFuture<Void>> r = guarded(() -> p.incr(key, by));
    flusher.request();
    // 409: refused, certainly not applied (a retry is safe); 504: outcome unknown (it may be durable).
    try {
      r.getValue().get(settings.nodeLease().toMillis() * 3, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WriteBackFailed f && !f.maybeApplied()) {
        throw new ApiException(409, "not applied: " + f.getMessage());
      }
      throw new ApiException(504, "outcome unknown: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new ApiException(504, "outcome unknown: the write-back did not finish in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(504, "outcome unknown: interrupted");
    }
    return Reply.ok(Map.of("key", key, "value", r.getKey(), "partition", p.id, "epoch", p.epoch));
  }

  private static <T> T guarded(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalStateException e) {
      throw new ApiException(421, e.getMessage());
    }
  }

  private Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", settings.nodeId());
    s.put("address", address);
    s.put("leaseValid", leaseValid());
    Map<Integer, Object> parts = new TreeMap<>();
    owned.values().forEach(p -> parts.put(p.id, Map.of("epoch", p.epoch, "cachedKeys", p.size())));
    s.put("primaryOf", parts);
    return s;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    flusher.close();
    purgeAll("shutting down");
    http.close();
  }

}
