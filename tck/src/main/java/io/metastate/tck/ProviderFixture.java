package io.metastate.tck;

import io.metastate.CoordinationClient;
import java.util.Set;

/**
 * What a provider gives the compatibility kit: a way to open independent clients against one backend, the optional
 * {@link Capability capabilities} it supports, and the fault hooks behind them.
 *
 * <p>The kit creates one fixture per test class (through {@link CompatibilityKit#fixture()}), shares it by all the
 * tests of that class, and {@linkplain #close() closes} it after the last one. Tests isolate themselves by using
 * unique paths and lock names, and close every client they open. A fault hook is only called if its capability is
 * declared; every fault a test starts is undone by the kit when the test ends (the backend is started or resumed
 * again, a cut-off client reconnected), even when the test fails.
 *
 * <p>Clients should use a short session TTL (1 to 3 seconds) so that expiry tests stay fast; the kit reads it from
 * {@link io.metastate.session.Session#ttl()} and scales its waits from it and from
 * {@code -Dmetastate.test.timeScale}.
 *
 * <pre>{@code
 * class LocalFileCompatibilityTest extends CoordinationCompatibilityKit {
 *   @TempDir static Path dir;
 *
 *   @Override
 *   protected ProviderFixture fixture() {
 *     return ProviderFixture.of(owner -> MetaState.open(MetaStateConfig.builder()
 *         .set("metastate.provider", "localfile").set("metastate.localfile.dir", dir.toString())
 *         .set("metastate.session.ttl", "2s").set("metastate.owner-id", owner).build()));
 *   }
 * }
 * }</pre>
 */
public interface ProviderFixture extends AutoCloseable {
  /**
   * Opens a new client with its own, new session, connected and ready. Every call returns an independent client
   * (a different session id), as if opened by another process.
   *
   * @param ownerId the owner id the client must present ({@code metastate.owner-id})
   */
  CoordinationClient open(String ownerId);

  /** The optional capabilities this fixture implements; the default is none. */
  default Set<Capability> capabilities() {
    return Set.of();
  }

  /**
   * Makes the backend expire {@code client}'s session now, as if its TTL had run out ({@link Capability#EXPIRE_SESSION}).
   * Returns once the backend has dropped the session; the client may learn of it a little later, and must then
   * report {@link io.metastate.session.SessionState#EXPIRED}.
   */
  default void expireSession(CoordinationClient client) {
    throw unsupported(Capability.EXPIRE_SESSION);
  }

  /**
   * Cuts {@code client} off from the backend while every other client stays connected
   * ({@link Capability#DISCONNECT_CLIENT}). Its session must go SUSPENDED, and EXPIRED if it is not reconnected
   * within its TTL.
   */
  default void disconnect(CoordinationClient client) {
    throw unsupported(Capability.DISCONNECT_CLIENT);
  }

  /** Lets a client cut off by {@link #disconnect} reach the backend again. Does nothing if it is not cut off. */
  default void reconnect(CoordinationClient client) {
    throw unsupported(Capability.DISCONNECT_CLIENT);
  }

  /**
   * Takes the backend down, keeping its durable data ({@link Capability#RESTART_BACKEND}); for a remote server, kill
   * the process. Clients opened before may go SUSPENDED, then CONNECTED or EXPIRED after {@link #startBackend()}.
   * An in-process provider that "restarts" by reopening its store ends all sessions: that is allowed.
   */
  default void stopBackend() {
    throw unsupported(Capability.RESTART_BACKEND);
  }

  /** Brings a stopped backend back on the same address with the same data. Does nothing if it is running. */
  default void startBackend() {
    throw unsupported(Capability.RESTART_BACKEND);
  }

  /** Freezes the backend without closing its connections (SIGSTOP) ({@link Capability#PAUSE_BACKEND}). */
  default void pauseBackend() {
    throw unsupported(Capability.PAUSE_BACKEND);
  }

  /** Unfreezes a paused backend. Does nothing if it is not paused. */
  default void resumeBackend() {
    throw unsupported(Capability.PAUSE_BACKEND);
  }

  /**
   * Makes the backend forget its change history up to its current revision ({@link Capability#COMPACT_HISTORY}), so
   * that a watcher cut off before cannot catch up event by event.
   */
  default void compactHistory() {
    throw unsupported(Capability.COMPACT_HISTORY);
  }

  /**
   * The proxy between {@code client} and its backend ({@link Capability#NETWORK_FAULTS}); the kit sets faults on it
   * and {@linkplain io.metastate.tck.wire.LoopbackProxy#heal() heals} it when the test ends.
   */
  default io.metastate.tck.wire.LoopbackProxy proxy(CoordinationClient client) {
    throw unsupported(Capability.NETWORK_FAULTS);
  }

  /**
   * Moves {@code client}'s clock forward by {@code by} and nobody else's ({@link Capability#MOVE_CLOCK}): usually the
   * fixture opened the client with a {@link MovableTicker} in its config and advances it.
   */
  default void advanceClock(CoordinationClient client, java.time.Duration by) {
    throw unsupported(Capability.MOVE_CLOCK);
  }

  /** Stops whatever the fixture started (servers, temporary directories). Called once, after the last test. */
  @Override
  default void close() {}

  /** A fixture without fault hooks: it only opens clients. */
  static ProviderFixture of(ClientOpener opener) {
    return opener::open;
  }

  /** Opens a client for an owner id; see {@link ProviderFixture#open(String)}. */
  @FunctionalInterface
  interface ClientOpener {
    /** Opens a new client with its own session. */
    CoordinationClient open(String ownerId);
  }

  private UnsupportedOperationException unsupported(Capability capability) {
    return new UnsupportedOperationException(getClass().getName() + " does not implement " + capability.hook()
        + "; declare " + capability + " in capabilities() only when it does");
  }
}
