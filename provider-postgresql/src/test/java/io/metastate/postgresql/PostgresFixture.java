package io.metastate.postgresql;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.Capability;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.wire.ProxiedFixture;
import io.metastate.testing.postgresql.LocalPostgres;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The TCK's view of PostgreSQL: a real server ({@link LocalPostgres}), a schema of its own, each client behind its own
 * loopback relay so that one can be cut off alone. Fault hooks: expire = the session row's expiry moved into the past
 * on the database clock, then a sweep, as any client's heartbeat would do it; disconnect = cut its relay; restart =
 * immediate shutdown (a crash) and start on the same data; pause = SIGSTOP of every server process; compact = the
 * event log emptied up to the current revision; network faults = the relay's faults; move clock = each client reads
 * time on its own {@link MovableTicker}.
 */
final class PostgresFixture extends ProxiedFixture {
  /** Short, so that expiry tests stay fast; long enough for a loaded 2-core machine. */
  static final Duration TTL = Duration.ofSeconds(2);

  private final LocalPostgres pg = LocalPostgres.start();
  private final String schema = "tck_" + UUID.randomUUID().toString().substring(0, 8);
  private final PostgresAdmin admin = new PostgresAdmin(config(pg.jdbcUrl()));

  LocalPostgres server() {
    return pg;
  }

  PostgresAdmin admin() {
    return admin;
  }

  /** The config of a client that reaches the server through {@code url}: its own, or a proxy's. */
  MetaStateConfig config(String url) {
    return MetaStateConfig.of(Map.of("metastate.provider", PostgresProvider.NAME, PostgresKeys.URL, url,
        PostgresKeys.USER, LocalPostgres.USER, PostgresKeys.SCHEMA, schema, PostgresKeys.POOL_SIZE, "4",
        PostgresKeys.CONNECT_TIMEOUT, "5s", PostgresKeys.REQUEST_TIMEOUT, "3s",
        "metastate.session.ttl", TTL.toMillis() + "ms"));
  }

  @Override
  public CoordinationClient open(String ownerId) {
    return openVia(pg.port(), (address, ticker) -> new PostgresProvider().open(config(pg.jdbcUrl(address))
        .with("metastate.owner-id", ownerId).withTicker(ticker)));
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
  protected void closeBackend() {
    admin.close();
    pg.close();
  }
}
