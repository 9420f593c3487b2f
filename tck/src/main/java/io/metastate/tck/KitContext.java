package io.metastate.tck;

import io.metastate.CoordinationClient;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.tck.wire.LoopbackProxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one kit test works with: clients opened through the fixture, a namespace of paths and lock names of its own,
 * fault actions that are undone when the test ends, and scaled waits. Made by the kit per test (a test method or
 * {@code @BeforeEach} method takes it as a parameter); everything it opened is closed after the test.
 */
public final class KitContext implements ExtensionContext.Store.CloseableResource {
  /** Distinguishes runs against a backend that outlives them (an external etcd), so names never collide. */
  // Not from KitSeed: a replayed run must not land on the paths its original left on a shared server.
  private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
  private static final AtomicInteger TESTS = new AtomicInteger();

  private final ProviderFixture fixture;
  private final String fixtureLabel;
  private final String testId;
  private final String uniqueId;
  private final List<CoordinationClient> clients = new ArrayList<>();
  private final Deque<Runnable> undo = new ArrayDeque<>();
  private final AtomicInteger clientCount = new AtomicInteger();
  private boolean baseCreated;

  KitContext(ProviderFixture fixture, String fixtureLabel, String uniqueId) {
    this.fixture = fixture;
    this.fixtureLabel = fixtureLabel;
    this.uniqueId = uniqueId;
    this.testId = "t" + TESTS.incrementAndGet();
  }

  /** The provider's fixture, for what the helpers here do not cover. Prefer the fault methods of this class. */
  public ProviderFixture fixture() {
    return fixture;
  }

  /** Whether the fixture declares a capability. */
  public boolean has(Capability capability) {
    return fixture.capabilities().contains(capability);
  }

  /** Skips the running test, naming the capability, unless the fixture declares it. */
  public void require(Capability capability) {
    Assumptions.assumeTrue(has(capability), () -> skipReason(fixtureLabel, EnumSet.of(capability)));
  }

  static String skipReason(String fixtureLabel, Set<Capability> missing) {
    return "skipped, not passed: " + fixtureLabel + " does not declare "
        + missing.stream().map(c -> c + " (" + c.hook() + ")").collect(Collectors.joining(", "));
  }

  // ---- clients ----------------------------------------------------------------------------------------------

  /**
   * Opens a new client with its own session; closed after the test. Connecting holds no lock of the kit's, so a
   * client opening against a paused or stopped backend never holds up the fault hooks.
   */
  public CoordinationClient open() {
    String owner = "tck-" + RUN + "-" + testId + "-c" + clientCount.incrementAndGet();
    CoordinationClient client = fixture.open(owner);
    if (client == null) {
      throw new IllegalStateException(fixture.getClass().getName() + ".open returned null");
    }
    synchronized (this) {
      clients.add(client);
    }
    return client;
  }

  /** Opens {@code n} independent clients. */
  public List<CoordinationClient> open(int n) {
    List<CoordinationClient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(open());
    }
    return out;
  }

  // ---- names ------------------------------------------------------------------------------------------------

  /** The test's own persistent base node, {@code /tck/<run>/<test>}; created on first call. */
  public synchronized String base() {
    String base = "/tck/" + RUN + "/" + testId;
    if (!baseCreated) {
      try (CoordinationClient setup = fixture.open("tck-" + RUN + "-" + testId + "-setup")) {
        setup.state().createWithParents(base, new byte[0], CreateMode.PERSISTENT);
      }
      baseCreated = true;
    }
    return base;
  }

  /** A path below the test's base node, e.g. {@code path("a/b")}; the base exists, {@code a} does not. */
  public String path(String relative) {
    return base() + "/" + relative;
  }

  /** A lock name of this test's own, {@code tck/<run>/<test>/<name>}. */
  public String lock(String name) {
    return "tck/" + RUN + "/" + testId + "/" + name;
  }

  /** The test's short id (for owner ids and messages). */
  public String testId() {
    return testId;
  }

  // ---- time -------------------------------------------------------------------------------------------------

  /** The session TTL of {@code client}. */
  public static Duration ttl(CoordinationClient client) {
    return client.session().ttl();
  }

  /** How long to wait for something that should happen promptly: 10 s, scaled. */
  public Duration timeout() {
    return Timing.seconds(10);
  }

  /** How long to wait for a session of {@code client} to expire on its own: 3 TTLs plus {@link #timeout()}. */
  public Duration expiryTimeout(CoordinationClient client) {
    return timeout().plus(Timing.scaled(ttl(client).multipliedBy(3)));
  }

  /** An Awaitility condition factory bounded by {@link #timeout()}, polling every 5 ms. */
  public ConditionFactory await() {
    return await(timeout());
  }

  /** An Awaitility condition factory bounded by {@code atMost}. */
  public ConditionFactory await(Duration atMost) {
    return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }

  /** Waits until {@code client}'s session is in {@code state}. */
  public void awaitState(CoordinationClient client, SessionState state, Duration atMost) {
    await(atMost).alias(client.session().ownerId() + " session reaches " + state)
        .until(() -> client.session().state() == state);
  }

  // ---- faults (each undone when the test ends) ----------------------------------------------------------------

  /** Expires {@code client}'s session ({@link Capability#EXPIRE_SESSION}) and waits until the client reports it. */
  public void expire(CoordinationClient client) {
    require(Capability.EXPIRE_SESSION);
    fixture.expireSession(client);
    awaitState(client, SessionState.EXPIRED, expiryTimeout(client));
  }

  /** Cuts {@code client} off ({@link Capability#DISCONNECT_CLIENT}); reconnected when the test ends. */
  public void disconnect(CoordinationClient client) {
    require(Capability.DISCONNECT_CLIENT);
    synchronized (this) {
      undo.push(() -> fixture.reconnect(client));
    }
    fixture.disconnect(client);
  }

  /** Lets a cut-off client back in. */
  public void reconnect(CoordinationClient client) {
    require(Capability.DISCONNECT_CLIENT);
    fixture.reconnect(client);
  }

  /** Stops the backend ({@link Capability#RESTART_BACKEND}); started again when the test ends. */
  public void stopBackend() {
    require(Capability.RESTART_BACKEND);
    synchronized (this) {
      undo.push(fixture::startBackend);
    }
    fixture.stopBackend();
  }

  /** Starts a stopped backend. */
  public void startBackend() {
    require(Capability.RESTART_BACKEND);
    fixture.startBackend();
  }

  /** Stops and starts the backend. */
  public void restartBackend() {
    stopBackend();
    startBackend();
  }

  /** Freezes the backend ({@link Capability#PAUSE_BACKEND}); resumed when the test ends. */
  public void pauseBackend() {
    require(Capability.PAUSE_BACKEND);
    synchronized (this) {
      undo.push(fixture::resumeBackend);
    }
    fixture.pauseBackend();
  }

  /** Unfreezes the backend. */
  public void resumeBackend() {
    require(Capability.PAUSE_BACKEND);
    fixture.resumeBackend();
  }

  /**
   * The proxy between {@code client} and its backend ({@link Capability#NETWORK_FAULTS}), for lost replies, delays
   * and blackholes; every client's proxy is healed when the test ends.
   */
  public LoopbackProxy proxy(CoordinationClient client) {
    require(Capability.NETWORK_FAULTS);
    LoopbackProxy proxy = fixture.proxy(client);
    if (proxy == null) {
      throw new IllegalStateException(fixture.getClass().getName() + ".proxy returned null for " + client);
    }
    return proxy;
  }

  /** Moves {@code client}'s clock forward by {@code by} ({@link Capability#MOVE_CLOCK}); nobody else's moves. */
  public void advanceClock(CoordinationClient client, Duration by) {
    require(Capability.MOVE_CLOCK);
    fixture.advanceClock(client, by);
  }

  /** Compacts the backend's history ({@link Capability#COMPACT_HISTORY}). */
  public void compactHistory() {
    require(Capability.COMPACT_HISTORY);
    fixture.compactHistory();
  }

  /**
   * Heals every client's proxy (when the fixture has them), undoes the test's other faults (latest first), then
   * closes its clients. Failures here do not hide the test's own.
   */
  @Override
  public synchronized void close() {
    RuntimeException first = null;
    if (has(Capability.NETWORK_FAULTS)) {
      // Healed first, so that a blackholed or delayed client can reach its backend to undo the rest and close.
      for (CoordinationClient client : clients) {
        try {
          LoopbackProxy proxy = fixture.proxy(client);
          if (proxy != null) {
            proxy.heal();
          }
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
    }
    while (!undo.isEmpty()) {
      try {
        undo.pop().run();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    for (int i = clients.size() - 1; i >= 0; i--) {
      try {
        clients.get(i).close();
      } catch (RuntimeException e) {
        // A client whose session expired or whose backend went away may fail to close; it is dead either way.
      }
    }
    clients.clear();
    if (first != null) {
      throw new IllegalStateException("the kit could not undo a fault of " + uniqueId
          + "; later tests may fail for that reason", first);
    }
  }
}
