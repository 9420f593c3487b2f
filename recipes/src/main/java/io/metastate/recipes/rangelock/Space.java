package io.metastate.recipes.rangelock;

import io.metastate.CoordinationClient;
import io.metastate.error.ClientClosedException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LockNames;
import io.metastate.provider.support.AcquireRule;
import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Watch;
import io.metastate.state.WatchScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A lock space handle: queues request nodes and decides each against the line as it stands; blocked requests wait
 * in its {@link Evaluator}, which grants them as the line moves.
 */
final class Space implements KeyLockSpace {
  static final String ROOT = "/metastate/keylocks/";

  private final MetaStateService state;
  private final String name;
  private final String spacePath;
  private final Evaluator evaluator;
  private final SessionListener sessionListener;
  private volatile boolean closed;
  private Watch watch;

  private Space(MetaStateService state, String name) {
    this.state = state;
    this.name = name;
    this.spacePath = ROOT + name;
    this.evaluator = new Evaluator(this, state, spacePath);
    this.sessionListener = evaluator::sessionChanged;
  }

  static Space open(CoordinationClient client, String spaceName) {
    LockNames.validate(spaceName);
    Space space = new Space(Objects.requireNonNull(client, "client").state(), spaceName);
    space.ensureSpaceNode();
    space.watch = space.state.watch(space.spacePath, WatchScope.CHILDREN, space.evaluator::onEvent);
    space.state.session().addListener(space.sessionListener);
    return space;
  }

  @Override
  public String name() {
    return name;
  }

  /** The state of the session this space's requests live in, as it reads now. */
  SessionState sessionState() {
    return state.session().state();
  }

  @Override
  public Optional<KeyLease> tryLock(KeyRange range, LockMode mode) {
    Waiter waiter = request(range, mode, true);
    return waiter == null ? Optional.empty() : Optional.of(await(waiter));
  }

  @Override
  public Optional<KeyLease> lock(KeyRange range, LockMode mode, Duration timeout) {
    return AcquireRule.acquire(timeout, () -> tryLock(range, mode), () -> request(range, mode, false),
        KeyLease::release, "key lock " + name + " " + range);
  }

  @Override
  public CompletableFuture<KeyLease> lockAsync(KeyRange range, LockMode mode) {
    return request(range, mode, false);
  }

  @Override
  public List<KeyLockInfo> holders() {
    List<Request> line = evaluator.readWholeLine();
    List<KeyLockInfo> out = new ArrayList<>();
    for (Request r : line) {
      if (!Line.isBlocked(line, r)) {
        out.add(new KeyLockInfo(name, r.range(), r.mode(), r.ownerId(), r.sessionId(),
            new FencingToken(r.createRevision())));
      }
    }
    return out;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    watch.close();
    state.session().removeListener(sessionListener);
    evaluator.close();
  }

  /**
   * Queues a request and decides it against the line as it stands. Returns a completed waiter if granted, null if
   * {@code tryOnly} and blocked (the request is withdrawn), else a pending waiter.
   */
  private Waiter request(KeyRange range, LockMode mode, boolean tryOnly) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(mode, "mode");
    if (closed) {
      throw new ClientClosedException("key lock space '" + name + "' is closed");
    }
    Request mine = enqueue(range, mode);
    Waiter waiter = new Waiter(this, mine);
    boolean blocked;
    try {
      List<Request> line = evaluator.sweeper().dropDuplicates(evaluator.readLine(), mine);
      Optional<Request> own = Line.ownConflictAhead(line, mine);
      if (own.isPresent()) {
        throw new LockAlreadyHeldException(name + " " + range + " (conflicts with this session's " + own.get().mode()
            + " " + own.get().range() + ")");
      }
      blocked = Line.isBlocked(line, mine);
    } catch (RuntimeException e) {
      evaluator.sweeper().deleteOrOrphan(mine.path());
      throw e;
    }
    if (!blocked) {
      waiter.complete(evaluator.hold(mine));
      return waiter;
    }
    if (tryOnly) {
      evaluator.sweeper().deleteOrOrphan(mine.path());
      return null;
    }
    evaluator.await(waiter);
    return waiter;
  }

  private Request enqueue(KeyRange range, LockMode mode) {
    Session session = state.session();
    String nonce = UUID.randomUUID().toString();
    // The nonce in the name makes the path unique for good: sequence numbers start over when the space node is
    // deleted and re-created, and a fence that checks the path must never pass on another request's node.
    Op create = Op.create(spacePath + "/" + Request.namePrefix(nonce),
        Request.encode(range, mode, session.ownerId(), nonce), CreateMode.EPHEMERAL_SEQUENTIAL);
    OpResult.Created created;
    try {
      try {
        created = (OpResult.Created) state.multi(List.of(create)).get(0);
      } catch (TransactionFailedException e) {
        if (!(e.reason() instanceof NoNodeException)) {
          throw e;
        }
        ensureSpaceNode(); // someone deleted the space node: put it back
        created = (OpResult.Created) state.multi(List.of(create)).get(0);
      }
    } catch (ConnectionLossException e) {
      // The node may exist nobody's: it would block conflicting requests for as long as the session lives.
      evaluator.sweeper().noteUnknownCreate(nonce);
      evaluator.evaluateSoon();
      throw e;
    }
    String path = created.path();
    return new Request(NodePath.of(path).name(), path, range, mode, session.ownerId(), session.id(),
        created.stat().createRevision(), nonce);
  }

  /** Deletes a grant's node; called by {@link Grant#release()}. */
  void delete(Grant grant) {
    evaluator.delete(grant);
  }

  /** Withdraws a cancelled waiter; called by {@link Waiter#cancel(boolean)}. */
  void withdraw(Waiter waiter) {
    evaluator.withdraw(waiter);
  }

  private void ensureSpaceNode() {
    try {
      state.createWithParents(spacePath, new byte[0], CreateMode.PERSISTENT);
    } catch (NodeExistsException alreadyThere) {
      // another client made it first
    }
  }

  private static KeyLease await(Waiter waiter) {
    try {
      return waiter.join();
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  private static CoordinationException unwrap(Throwable cause) {
    if (cause instanceof CoordinationException ce) {
      return ce;
    }
    return new CoordinationException("key lock request failed: " + cause, false, cause);
  }

  @Override
  public String toString() {
    return "KeyLockSpace[" + name + "]";
  }
}
