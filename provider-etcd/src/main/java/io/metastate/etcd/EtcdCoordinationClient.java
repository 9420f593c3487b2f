package io.metastate.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.metastate.CoordinationClient;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.error.SessionExpiredException;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.AbstractCoordinationClient;
import io.metastate.provider.support.DaemonThreads;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One jetcd client, one lease (the session), the lock and meta-state services on top. */
final class EtcdCoordinationClient extends AbstractCoordinationClient {
  private static final Logger LOG = Logger.getLogger(EtcdCoordinationClient.class.getName());

  private final EtcdSettings settings;
  private final Client client;
  private final Keyspace keys;
  private final ScheduledExecutorService timer;
  private final Callbacks callbacks = new Callbacks();
  private final EventDispatcher events = new EventDispatcher();
  private final EtcdSession session;
  private final EtcdLocks locks;
  private final EtcdState state;

  private EtcdCoordinationClient(EtcdSettings settings, Client client, ScheduledExecutorService timer,
      LeaseGrantResponse grant, long grantSentAt) {
    super(EtcdProvider.NAME, "etcd client");
    this.settings = settings;
    this.client = client;
    this.timer = timer;
    this.keys = new Keyspace(settings.namespace());
    Duration ttl = Duration.ofSeconds(Math.max(grant.getTTL(), settings.ttlSeconds()));
    this.session = new EtcdSession(grant.getID(), settings.ownerId(), ttl, events, settings.ticker(), grantSentAt,
        client.getLeaseClient(), timer, (to, why) -> sessionChanged(to));
    this.locks = new EtcdLocks(this);
    this.state = new EtcdState(this);
    serve(session, locks, state);
  }

  static CoordinationClient open(EtcdSettings settings) {
    Client client = jetcd(settings);
    ScheduledExecutorService timer = DaemonThreads.timer("etcd");
    try {
      long grantSentAt = settings.ticker().read();
      LeaseGrantResponse grant = client.getLeaseClient().grant(settings.ttlSeconds())
          .get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      EtcdCoordinationClient c = new EtcdCoordinationClient(settings, client, timer, grant, grantSentAt);
      c.session.start();
      return c;
    } catch (TimeoutException e) {
      shutdown(client, timer);
      throw new BackendUnavailableException("cannot reach etcd at " + settings.endpoints() + " (" + EtcdKeys.ENDPOINTS
          + ") within " + settings.connectTimeout().toMillis() + " ms (" + EtcdKeys.CONNECT_TIMEOUT
          + "): is etcd running there, and are the scheme (http/https) and port right?", e);
    } catch (ExecutionException e) {
      shutdown(client, timer);
      CoordinationException mapped = Errors.map(e, "opening a session on etcd at " + settings.endpoints(),
          Errors.Kind.READ);
      if (mapped instanceof ConfigurationException) {
        throw new ConfigurationException("etcd at " + settings.endpoints() + " rejected user '"
            + settings.user().orElse("") + "' (" + EtcdKeys.USER + " / " + EtcdKeys.PASSWORD + "): "
            + Errors.unwrap(e).getMessage(), e);
      }
      throw mapped;
    } catch (InterruptedException e) {
      shutdown(client, timer);
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while connecting to etcd", e);
    } catch (RuntimeException e) {
      shutdown(client, timer);
      throw e;
    }
  }

  private static Client jetcd(EtcdSettings s) {
    ClientBuilder b = Client.builder().endpoints(s.endpoints().toArray(URI[]::new)).connectTimeout(s.connectTimeout())
        // gRPC keep-alive notices a dead TCP connection; without calls it would be rejected as too many pings.
        .keepaliveTime(Duration.ofSeconds(10)).keepaliveTimeout(Duration.ofSeconds(5)).keepaliveWithoutCalls(false)
        .retryMaxDuration(s.requestTimeout());
    s.user().ifPresent(u -> b.user(ByteSequence.from(u, StandardCharsets.UTF_8)));
    s.password().ifPresent(p -> b.password(ByteSequence.from(p, StandardCharsets.UTF_8)));
    if (s.tlsCa().isPresent() || s.tlsCert().isPresent()) {
      try {
        b.sslContext(ssl -> {
          s.tlsCa().ifPresent(ca -> ssl.trustManager(ca.toFile()));
          s.tlsCert().ifPresent(cert -> ssl.keyManager(cert.toFile(), s.tlsKey().orElseThrow().toFile()));
        });
      } catch (Exception e) {
        throw new ConfigurationException("cannot load TLS material from " + EtcdKeys.TLS_CA + "="
            + s.tlsCa().orElse(null) + ", " + EtcdKeys.TLS_CERT + "=" + s.tlsCert().orElse(null) + ", "
            + EtcdKeys.TLS_KEY + "=" + s.tlsKey().orElse(null) + " (PEM files expected; the key as PKCS#8): " + e, e);
      }
    }
    return b.build();
  }

  private static void shutdown(Client client, ScheduledExecutorService timer) {
    timer.shutdownNow();
    client.close();
  }

  // ---- shared by the services

  Client jetcd() {
    return client;
  }

  Keyspace keys() {
    return keys;
  }

  EtcdSession etcdSession() {
    return session;
  }

  EventDispatcher events() {
    return events;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  /** Where continuations that may block run, never on jetcd's event loop (see {@link Callbacks}). */
  Callbacks callbacks() {
    return callbacks;
  }

  Duration requestTimeout() {
    return settings.requestTimeout();
  }

  long leaseId() {
    return session.id();
  }

  @Override
  public SessionExpiredException expiredException() {
    return new SessionExpiredException("etcd session " + Long.toHexString(session.id()) + " expired ("
        + session.endReason() + "); its locks and ephemeral nodes are gone: open a new client");
  }

  /** Bounds a request by the request timeout and maps its failure. */
  <T> CompletableFuture<T> call(CompletableFuture<T> f, String what, Errors.Kind kind) {
    return f.orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).handle((v, e) -> {
      if (e != null) {
        CoordinationException dead = unusable();
        if (dead != null) {
          throw dead;
        }
        if (Errors.isNotFound(e) && String.valueOf(Errors.unwrap(e).getMessage()).contains("lease")) {
          // a put with our lease failed because the lease is gone: that is session expiry, not a plain error
          session.leaseNotFound();
          throw expiredException();
        }
        throw Errors.map(e, what, kind);
      }
      return v;
    });
  }

  /** Waits for a future in a synchronous call, unwrapping to the metastate exception. */
  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw Errors.map(e, "etcd request", Errors.Kind.WRITE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.metastate.error.ConnectionLossException("interrupted while waiting for etcd", e);
    }
  }

  /** On a {@link Callbacks} thread: why, see {@link EtcdLocks#loseAll}. */
  @Override
  protected void loseLeases(CoordinationException cause) {
    locks.loseAll(cause);
  }

  @Override
  protected void afterExpiry() {
    // Make sure the lease is gone server-side too (etcd can outlive our clock after a leader change).
    timer.execute(() -> {
      client.getLeaseClient().revoke(session.id()).orTimeout(2, TimeUnit.SECONDS)
          .whenComplete((r, e) -> timer.execute(() -> {
            callbacks.shutdown();
            shutdown(client, timer);
          }));
    });
  }

  // ---- closing, in the order of AbstractCoordinationClient

  @Override
  protected void beginClose() {
    session.beginClose(); // no expiry is declared while the lease is revoked
  }

  @Override
  protected void stopWatches() {
    state.closeWatches();
  }

  @Override
  protected void endLeases() {
    locks.releaseAll(); // RELEASED now; the claims go with the lease just below
  }

  @Override
  protected void endSession() {
    if (session.state().isTerminal()) {
      return; // expired: the lease is gone already
    }
    try {
      // Revoking the lease deletes every lock claim and ephemeral node of the session in one step.
      client.getLeaseClient().revoke(session.id()).get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      revokeFailed(e);
    } catch (Exception e) {
      revokeFailed(e);
    }
  }

  private void revokeFailed(Exception e) {
    LOG.log(Level.WARNING, "could not revoke etcd lease " + Long.toHexString(session.id())
        + "; its locks and ephemeral nodes end with its TTL", e);
  }

  @Override
  protected void releaseEngine() {
    session.stop();
    callbacks.shutdown();
    shutdown(client, timer);
  }

  @Override
  public String toString() {
    return "EtcdClient" + settings.endpoints() + "[" + session + "]";
  }
}
