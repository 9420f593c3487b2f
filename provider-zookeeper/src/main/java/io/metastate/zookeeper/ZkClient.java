package io.metastate.zookeeper;

import io.metastate.CoordinationClient;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ClientClosedException;
import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.DistributedLockService;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import io.metastate.state.MetaStateService;
import io.metastate.state.Stat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;

/**
 * One ZooKeeper client: Curator keeps the connection (reconnects, backoff, authentication, connection states); the
 * operations go straight to the ZooKeeper handle of <em>our</em> session, so that nothing is retried blindly and
 * nothing ever runs on a session Curator made after ours expired.
 */
final class ZkClient implements CoordinationClient {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ZkSettings settings;
  private final CuratorFramework curator;
  private final long sessionId;
  private final ZkSession session;
  private final List<ACL> acl;
  private final ExecutorService executor;
  private final ZkLocks locks;
  private final ZkState state;
  private final AtomicLong highestZxid = new AtomicLong();
  private volatile boolean closed;

  private ZkClient(ZkSettings settings, CuratorFramework curator, ZooKeeper zk) {
    this.settings = settings;
    this.curator = curator;
    this.sessionId = zk.getSessionId();
    this.acl = settings.auth() == null ? ZooDefs.Ids.OPEN_ACL_UNSAFE : ZooDefs.Ids.CREATOR_ALL_ACL;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "metastate-zookeeper-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // Listeners must not block, so the shared pool serves them; our executor may be shut down before they run.
    EventDispatcher events = new EventDispatcher();
    this.session = new ZkSession(sessionId, settings.ownerId(), Duration.ofMillis(zk.getSessionTimeout()), events, this);
    this.locks = new ZkLocks(this);
    this.state = new ZkState(this);
  }

  static ZkClient open(ZkSettings s) {
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(s.connect())
        .sessionTimeoutMs(s.sessionTimeoutMs())
        .connectionTimeoutMs(s.connectionTimeoutMs())
        .retryPolicy(new ExponentialBackoffRetry(s.retryBaseSleepMs(), s.retryMax()))
        // The connect string is what the user chose; don't let server-side config rewrite it.
        .ensembleTracker(false);
    if (s.auth() != null) {
      builder.authorization("digest", s.auth().getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework curator = builder.build();
    curator.start();
    try {
      if (!curator.blockUntilConnected(s.connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
        throw new BackendUnavailableException("could not connect to ZooKeeper at '" + s.connect() + "' ("
            + ZooKeeperClientBuilder.CONNECT + ") within " + s.connectionTimeoutMs() + " ms ("
            + ZooKeeperClientBuilder.CONNECTION_TIMEOUT + "); check that a server is running there", null);
      }
      ZkClient client = new ZkClient(s, curator, curator.getZookeeperClient().getZooKeeper());
      client.prepareLayout();
      curator.getConnectionStateListenable().addListener((c, newState) -> client.connectionChanged(newState));
      if (client.currentSessionId() != client.sessionId) {
        client.expire(); // lost between connecting and listening: never hand out a dead client as alive
      }
      return client;
    } catch (InterruptedException e) {
      curator.close();
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while connecting to ZooKeeper at " + s.connect(), e);
    } catch (RuntimeException e) {
      curator.close();
      throw e;
    } catch (Exception e) {
      curator.close();
      throw new BackendUnavailableException("could not connect to ZooKeeper at " + s.connect() + ": " + e, e);
    }
  }

  /** Creates the state and locks roots, and proves the credentials may use them. */
  private void prepareLayout() {
    ZooKeeper zk = zk();
    for (String root : List.of(settings.stateRoot(), settings.locksRoot())) {
      try {
        createParents(zk, root + "/x", CreateMode.PERSISTENT);
        zk.getChildren(root, false);
      } catch (KeeperException e) {
        if (e.code() == KeeperException.Code.NOAUTH || e.code() == KeeperException.Code.AUTHFAILED) {
          throw new ConfigurationException("ZooKeeper refused access to " + root + " (" + e.code() + "): "
              + (settings.auth() == null ? "the namespace is protected by an ACL; set " + ZooKeeperClientBuilder.AUTH
                  : "the credentials in " + ZooKeeperClientBuilder.AUTH + " for user '"
                      + settings.auth().substring(0, settings.auth().indexOf(':')) + "' are not the ones that created it"),
              e);
        }
        throw fail(e, root, -1);
      } catch (InterruptedException e) {
        throw Errors.interrupted(root, e);
      }
    }
  }

  /** Creates every missing ancestor of {@code znode} (not the node itself); concurrent creators are fine. */
  void createParents(ZooKeeper zk, String znode, CreateMode mode) throws KeeperException, InterruptedException {
    int next = znode.indexOf('/', 1);
    while (next > 0) {
      String ancestor = znode.substring(0, next);
      if (zk.exists(ancestor, false) == null) {
        try {
          zk.create(ancestor, new byte[0], acl, mode);
        } catch (KeeperException.NodeExistsException ignored) {
          // someone else made it: fine
        }
      }
      next = znode.indexOf('/', next + 1);
    }
  }

  private void connectionChanged(ConnectionState newState) {
    switch (newState) {
      case SUSPENDED -> session.moveTo(SessionState.SUSPENDED);
      case CONNECTED, RECONNECTED -> {
        if (currentSessionId() == sessionId) {
          session.moveTo(SessionState.CONNECTED);
        } else {
          expire(); // Curator made a new session: ours is gone, and we adopt nothing of it
        }
      }
      case LOST -> expire();
      default -> {
        // READ_ONLY: not enabled
      }
    }
  }

  private long currentSessionId() {
    try {
      return curator.getZookeeperClient().getZooKeeper().getSessionId();
    } catch (Exception e) {
      return 0;
    }
  }

  /** Our session is gone for good: the client is dead; stop Curator from keeping a new session alive. */
  void expire() {
    if (session.moveTo(SessionState.EXPIRED)) {
      // Not on Curator's event thread: closing from there would wait for itself.
      Thread closer = new Thread(curator::close, "metastate-zookeeper-close");
      closer.setDaemon(true);
      closer.start();
    }
  }

  /** Called by the session after each transition. */
  void sessionChanged(SessionState to) {
    switch (to) {
      case SUSPENDED -> locks.suspended();
      case CONNECTED -> {
        locks.reconnected();
        state.watches().resync();
      }
      case EXPIRED -> {
        locks.expired();
        state.watches().closeAll();
      }
      case CLOSED -> {
        // close() did the work
      }
    }
  }

  /**
   * The ZooKeeper handle of our session, or an exception: closed, expired, or our session replaced by a new one.
   */
  ZooKeeper zk() {
    if (closed) {
      throw new ClientClosedException("this ZooKeeper client was closed; open a new one");
    }
    if (session.state() == SessionState.EXPIRED) {
      throw expiredException();
    }
    ZooKeeper zk;
    try {
      zk = curator.getZookeeperClient().getZooKeeper();
    } catch (Exception first) {
      try {
        zk = curator.getZookeeperClient().getZooKeeper(); // the first call may only report a background error
      } catch (Exception e) {
        throw new BackendUnavailableException("ZooKeeper connection unavailable: " + e, e);
      }
    }
    if (zk.getSessionId() != sessionId) {
      expire();
      throw expiredException();
    }
    return zk;
  }

  SessionExpiredException expiredException() {
    return new SessionExpiredException("ZooKeeper session 0x" + Long.toHexString(sessionId)
        + " expired: its locks and ephemeral nodes are gone; open a new client");
  }

  /** Maps a KeeperException, and notices our session's end. */
  CoordinationException fail(KeeperException e, String path, long expectedVersion) {
    if (e.code() == KeeperException.Code.SESSIONEXPIRED) {
      expire();
      return new SessionExpiredException(expiredException().getMessage(), e);
    }
    if (closed) {
      return new ClientClosedException("this ZooKeeper client was closed; open a new one");
    }
    return Errors.map(e, path, expectedVersion);
  }

  Stat stat(org.apache.zookeeper.data.Stat s) {
    seen(s.getMzxid());
    return new Stat(s.getVersion(), s.getCzxid(), s.getMzxid(), s.getEphemeralOwner());
  }

  void seen(long zxid) {
    highestZxid.accumulateAndGet(zxid, Math::max);
  }

  long highestZxid() {
    return highestZxid.get();
  }

  org.apache.curator.CuratorZookeeperClient curatorClient() {
    return curator.getZookeeperClient();
  }

  /** The session's password (for tests that expire it server-side through a second connection). */
  byte[] sessionPassword() {
    try {
      return curator.getZookeeperClient().getZooKeeper().getSessionPasswd();
    } catch (Exception e) {
      throw new BackendUnavailableException("no ZooKeeper handle: " + e, e);
    }
  }

  ZkSettings settings() {
    return settings;
  }

  List<ACL> acl() {
    return acl;
  }

  ExecutorService executor() {
    return executor;
  }

  ZkSession zkSession() {
    return session;
  }

  long sessionId() {
    return sessionId;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public String providerName() {
    return ZooKeeperProvider.NAME;
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public DistributedLockService locks() {
    return locks;
  }

  @Override
  public MetaStateService state() {
    return state;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    locks.closing();
    state.watches().closeAll();
    // Closing the ZooKeeper session deletes its lock and ephemeral nodes on the server, atomically.
    curator.close();
    session.moveTo(SessionState.CLOSED);
    // The executor is not shut down: async calls on a closed client must still fail with ClientClosedException.
    // Its threads are daemons that end after a minute idle.
  }

  @Override
  public String toString() {
    return "ZooKeeperClient[" + settings.connect() + settings.prefix() + ", " + session + "]";
  }
}
