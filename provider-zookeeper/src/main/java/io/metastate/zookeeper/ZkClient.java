package io.metastate.zookeeper;

import io.metastate.error.BackendUnavailableException;
import io.metastate.error.CoordinationException;
import io.metastate.error.SessionExpiredException;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.AbstractCoordinationClient;
import io.metastate.provider.support.DaemonThreads;
import io.metastate.session.SessionState;
import io.metastate.state.Stat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.utils.InternalACLProvider;
import org.apache.curator.utils.ZKPaths;
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
final class ZkClient extends AbstractCoordinationClient {
  private final ZkSettings settings;
  private final CuratorFramework curator;
  private final long sessionId;
  private final ZkSession session;
  private final List<ACL> acl;
  private final ExecutorService executor;
  private final ZkLocks locks;
  private final ZkState state;
  private final ZkContact contact;
  private final AtomicLong highestZxid = new AtomicLong();

  /**
   * @param contactAt the ticker reading taken before Curator started connecting: the session was created by a request
   *     sent after it
   */
  ZkClient(ZkSettings settings, CuratorFramework curator, ZooKeeper zk, long contactAt) {
    super(ZooKeeperProvider.NAME, "ZooKeeper client");
    this.settings = settings;
    this.curator = curator;
    this.sessionId = zk.getSessionId();
    this.acl = settings.auth() == null ? ZooDefs.Ids.OPEN_ACL_UNSAFE : ZooDefs.Ids.CREATOR_ALL_ACL;
    this.executor = DaemonThreads.cachedPool("zookeeper");
    // Listeners must not block, so the shared pool serves them; our executor may be shut down before they run.
    EventDispatcher events = new EventDispatcher();
    this.session = new ZkSession(sessionId, settings.ownerId(), Duration.ofMillis(zk.getSessionTimeout()), events,
        settings.ticker(), contactAt, this::sessionChanged);
    this.contact = new ZkContact(session, settings.prefix().isEmpty() ? "/" : settings.prefix());
    this.locks = new ZkLocks(this);
    this.state = new ZkState(this);
    serve(session, locks, state);
  }

  /**
   * Creates every missing ancestor of {@code znode} (not the node itself), with Curator's {@link ZKPaths#mkdirs}:
   * concurrent creators are fine. {@code mode} is PERSISTENT or CONTAINER.
   */
  void createParents(ZooKeeper zk, String znode, CreateMode mode) throws KeeperException, InterruptedException {
    InternalACLProvider ours = new InternalACLProvider() {
      @Override
      public List<ACL> getDefaultAcl() {
        return acl;
      }

      @Override
      public List<ACL> getAclForPath(String path) {
        return acl;
      }
    };
    send(() -> {
      ZKPaths.mkdirs(zk, znode, false, ours, mode == CreateMode.CONTAINER);
      return null;
    });
  }

  void connectionChanged(ConnectionState newState) {
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

  long currentSessionId() {
    try {
      return curator.getZookeeperClient().getZooKeeper().getSessionId();
    } catch (Exception e) {
      return 0;
    }
  }

  /** Our session is gone for good: the client is dead; stop Curator from keeping a new session alive. */
  void expire() {
    if (session.moveTo(SessionState.EXPIRED)) {
      contact.close();
      // Not on Curator's event thread: closing from there would wait for itself.
      DaemonThreads.named("zookeeper-close").newThread(curator::close).start();
    }
  }

  @Override
  protected void reconnecting() {
    contact.beat(this::zk); // the reconnect is not timed by us: confirm contact with a request we time
    state.watches().resync();
  }

  @Override
  protected void loseLeases(CoordinationException cause) {
    locks.expired(); // also forgets the orphans to clean up: our nodes died with the session
  }

  /**
   * The ZooKeeper handle of our session, or an exception: closed, expired, or our session replaced by a new one.
   */
  ZooKeeper zk() {
    checkUsable();
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

  /** Starts confirming contact while nothing else does (see {@link ZkContact}). */
  void startHeartbeat() {
    contact.start(this::zk);
  }

  /** Sends one request to ZooKeeper, reporting the server's answer as a contact to the session. */
  <T> T send(ZkContact.Request<T> request) throws KeeperException, InterruptedException {
    return contact.send(request);
  }

  ZkContact contact() {
    return contact;
  }

  @Override
  public SessionExpiredException expiredException() {
    return new SessionExpiredException("ZooKeeper session 0x" + Long.toHexString(sessionId)
        + " expired: its locks and ephemeral nodes are gone; open a new client");
  }

  /** Maps a KeeperException, and notices our session's end. */
  CoordinationException fail(KeeperException e, String path, long expectedVersion) {
    if (e.code() == KeeperException.Code.SESSIONEXPIRED) {
      expire();
      return new SessionExpiredException(expiredException().getMessage(), e);
    }
    if (isClosed()) {
      return closedException();
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

  // ---- closing, in the order of AbstractCoordinationClient

  @Override
  protected void beginClose() {
    contact.close();
  }

  @Override
  protected void stopWatches() {
    state.watches().closeAll();
  }

  @Override
  protected void endLeases() {
    locks.closing();
  }

  @Override
  protected void endSession() {
    // Closing the ZooKeeper session deletes its lock and ephemeral nodes on the server, atomically.
    curator.close();
  }

  @Override
  protected void releaseEngine() {
    // The executor is not shut down: async calls on a closed client must still fail with ClientClosedException.
    // Its threads are daemons that end after a minute idle.
  }

  @Override
  public String toString() {
    return "ZooKeeperClient[" + settings.connect() + settings.prefix() + ", " + session + "]";
  }
}
