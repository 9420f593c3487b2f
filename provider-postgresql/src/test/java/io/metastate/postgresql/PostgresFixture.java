package io.metastate.postgresql;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.Capability;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.ProviderFixture;
import io.metastate.tck.wire.LoopbackProxy;
import io.metastate.testing.postgresql.LocalPostgres;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCK's view of PostgreSQL: a real server ({@link LocalPostgres}), a schema of its own, each client behind its own
 * loopback relay so that one can be cut off alone. Fault hooks: expire = the session row's expiry moved into the past
 * on the database clock, then a sweep, as any client's heartbeat would do it; disconnect = cut its relay; restart =
 * immediate shutdown (a crash) and start on the same data; pause = SIGSTOP of every server process; compact = the
 * event log emptied up to the current revision; network faults = the relay's faults; move clock = each client reads
 * time on its own {@link MovableTicker}.
 */
final class PostgresFixture implements ProviderFixture {
  /** Short, so that expiry tests stay fast; long enough for a loaded 2-core machine. */
  static final Duration TTL = Duration.ofSeconds(2);

  private final LocalPostgres pg = LocalPostgres.start();
  private final String schema = "tck_" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<CoordinationClient, LoopbackProxy> proxies = new ConcurrentHashMap<>();
  private final Map<CoordinationClient, MovableTicker> clocks = new ConcurrentHashMap<>();
  private final PostgresAdmin admin = new PostgresAdmin(config(pg.port()));

  LocalPostgres server() {
    return pg;
  }

  PostgresAdmin admin() {
    return admin;
  }

  /** The config of a client that reaches the server through {@code port}. */
  MetaStateConfig config(int port) {
    return MetaStateConfig.of(Map.of("metastate.provider", PostgresProvider.NAME,
        PostgresKeys.URL, pg.jdbcUrl(port), PostgresKeys.USER, LocalPostgres.USER, PostgresKeys.SCHEMA, schema,
        PostgresKeys.POOL_SIZE, "4", PostgresKeys.CONNECT_TIMEOUT, "5s", PostgresKeys.REQUEST_TIMEOUT, "3s",
        "metastate.session.ttl", TTL.toMillis() + "ms"));
  }

  @Override
  public CoordinationClient open(String ownerId) {
    LoopbackProxy proxy = LoopbackProxy.to(pg.port());
    MovableTicker clock = new MovableTicker();
    try {
      CoordinationClient c = new PostgresProvider().open(config(proxy.port()).with("metastate.owner-id", ownerId)
          .withTicker(clock));
      proxies.put(c, proxy);
      clocks.put(c, clock);
      return c;
    } catch (RuntimeException e) {
      proxy.close();
      throw e;
    }
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public void expireSession(CoordinationClient client) {
    admin.expire(client.session().id());
  }

  @Override
  public void disconnect(CoordinationClient client) {
    proxies.get(client).cut();
  }

  @Override
  public void reconnect(CoordinationClient client) {
    LoopbackProxy p = proxies.get(client);
    if (p != null) {
      p.restore();
    }
  }

  @Override
  public LoopbackProxy proxy(CoordinationClient client) {
    return proxies.get(client);
  }

  @Override
  public void advanceClock(CoordinationClient client, Duration by) {
    clocks.get(client).advance(by);
  }

  @Override
  public void stopBackend() {
    pg.stop();
  }

  @Override
  public void startBackend() {
    pg.relaunch();
  }

  @Override
  public void pauseBackend() {
    pg.pause();
  }

  @Override
  public void resumeBackend() {
    pg.resume();
  }

  @Override
  public void compactHistory() {
    admin.compact();
  }

  @Override
  public void close() {
    proxies.values().forEach(LoopbackProxy::close);
    admin.close();
    pg.close();
  }
}
