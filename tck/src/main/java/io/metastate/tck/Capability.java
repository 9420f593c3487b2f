package io.metastate.tck;

/**
 * An optional ability of a {@link ProviderFixture}, mostly fault hooks. A test that needs a capability the fixture
 * does not declare is reported as skipped, naming the capability, never as passed.
 */
public enum Capability {
  /** {@link ProviderFixture#expireSession}: the backend ends one client's session on demand. */
  EXPIRE_SESSION("ProviderFixture.expireSession(client)"),
  /**
   * {@link ProviderFixture#disconnect} and {@link ProviderFixture#reconnect}: one client is cut off from the backend
   * (its session goes SUSPENDED, then EXPIRED if it stays cut off past its TTL) and let back in.
   */
  DISCONNECT_CLIENT("ProviderFixture.disconnect(client) / reconnect(client)"),
  /**
   * {@link ProviderFixture#stopBackend} and {@link ProviderFixture#startBackend}: the backend goes down and comes
   * back on the same address with the same durable data.
   */
  RESTART_BACKEND("ProviderFixture.stopBackend() / startBackend()"),
  /** {@link ProviderFixture#pauseBackend} and {@link ProviderFixture#resumeBackend}: the backend freezes (SIGSTOP). */
  PAUSE_BACKEND("ProviderFixture.pauseBackend() / resumeBackend()"),
  /**
   * {@link ProviderFixture#compactHistory}: the backend forgets its change history up to now (etcd compaction), so
   * that a watcher that was cut off cannot catch up event by event and must be told RESYNC.
   */
  COMPACT_HISTORY("ProviderFixture.compactHistory()"),
  /**
   * {@link ProviderFixture#proxy}: each client reaches its backend through its own
   * {@link io.metastate.tck.wire.LoopbackProxy}, so the kit can lose one reply, delay or blackhole one direction.
   */
  NETWORK_FAULTS("ProviderFixture.proxy(client)"),
  /**
   * {@link ProviderFixture#advanceClock}: each client reads session and lease time through a ticker the fixture can
   * move ({@link MovableTicker}), so "time passed without contact" is shown without waiting or pausing a process.
   */
  MOVE_CLOCK("ProviderFixture.advanceClock(client, duration)");

  private final String hook;

  Capability(String hook) {
    this.hook = hook;
  }

  /** The fixture method(s) a provider implements to declare this capability. */
  public String hook() {
    return hook;
  }
}
