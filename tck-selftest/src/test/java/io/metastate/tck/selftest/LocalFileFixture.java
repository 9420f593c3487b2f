package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.localfile.LocalFileTesting;
import io.metastate.tck.Capability;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.ProviderFixture;
import io.metastate.testing.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The local-file provider with every fault hook it supports, in a temporary directory; optionally wrapping each
 * client (the broken providers of the self-test are such wrappers). The clock of each client is a {@link MovableTicker}
 * in its config ({@code MOVE_CLOCK}).
 */
final class LocalFileFixture implements ProviderFixture {
  private final Path dir;
  private final UnaryOperator<CoordinationClient> wrap;
  private final Map<CoordinationClient, MovableTicker> tickers = new ConcurrentHashMap<>();

  LocalFileFixture(UnaryOperator<CoordinationClient> wrap) {
    this.wrap = wrap;
    this.dir = Loopback.tempDir("metastate-tck-");
  }

  LocalFileFixture() {
    this(UnaryOperator.identity());
  }

  @Override
  public CoordinationClient open(String ownerId) {
    MovableTicker ticker = new MovableTicker();
    CoordinationClient client = wrap.apply(openRaw(ownerId, ticker));
    tickers.put(client, ticker);
    return client;
  }

  private CoordinationClient openRaw(String ownerId, MovableTicker ticker) {
    return MetaState.open(MetaStateConfig.builder()
        .set("metastate.provider", "localfile")
        .set("metastate.localfile.dir", dir.toString())
        .set("metastate.session.ttl", "1s")
        .set("metastate.owner-id", ownerId)
        .build().withTicker(ticker));
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.EXPIRE_SESSION, Capability.DISCONNECT_CLIENT, Capability.RESTART_BACKEND,
        Capability.MOVE_CLOCK);
  }

  /** Each client reads time on its own ticker (the provider takes it from the config), so one clock moves alone. */
  @Override
  public void advanceClock(CoordinationClient client, Duration by) {
    tickers.get(client).advance(by);
  }

  @Override
  public void expireSession(CoordinationClient client) {
    LocalFileTesting.expireSession(Broken.unwrap(client));
  }

  @Override
  public void disconnect(CoordinationClient client) {
    LocalFileTesting.suspend(Broken.unwrap(client));
  }

  @Override
  public void reconnect(CoordinationClient client) {
    LocalFileTesting.resume(Broken.unwrap(client));
  }

  /** An in-process store "stops" by closing and reopening, as a crashed and restarted owner would. */
  @Override
  public void stopBackend() {
    // Through a client of its own: one opened earlier may have been closed, and with it the store it knew.
    try (CoordinationClient handle = openRaw("fixture-restart", new MovableTicker())) {
      LocalFileTesting.restartBackend(handle);
    }
  }

  @Override
  public void startBackend() {
    // Already running again: stopBackend reopened the store.
  }

  @Override
  public void close() {
    Loopback.deleteTree(dir);
  }
}
