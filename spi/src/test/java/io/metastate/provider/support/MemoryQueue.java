package io.metastate.provider.support;

import io.metastate.error.ClientClosedException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.LeaseLostException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LockInfo;
import io.metastate.provider.AbstractSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/** A tiny in-memory lock backend: one FIFO queue of claims per name, shared by the sessions of a test. */
final class MemoryQueue implements LockDirectory {
  /** One claim: its token is handed out at claim time, in queue order. */
  static final class Claim {
    final String name;
    final long token;
    final long sessionId;
    final Runnable wake;
    final List<Runnable> watchers = new ArrayList<>();

    Claim(String name, long token, long sessionId, Runnable wake) {
      this.name = name;
      this.token = token;
      this.sessionId = sessionId;
      this.wake = wake;
    }
  }

  private final Map<String, List<Claim>> queues = new HashMap<>();
  private long nextToken = 1;
  /** While set, checkHead cannot reach the backend. */
  volatile boolean offline;

  synchronized int size(String name) {
    return queues.getOrDefault(name, List.of()).size();
  }

  private synchronized List<Claim> queue(String name) {
    return queues.computeIfAbsent(name, n -> new ArrayList<>());
  }

  private void remove(Claim c) {
    List<Runnable> wake;
    synchronized (this) {
      if (!queue(c.name).remove(c)) {
        return;
      }
      wake = List.copyOf(c.watchers);
    }
    wake.forEach(Runnable::run);
  }

  /** The lock service of one session on this backend. */
  final class Locks extends AbstractLockService<Claim, Claim> {
    Locks(AbstractSession session, Executor executor) {
      super(session, new Driver(session.id()), MemoryQueue.this, executor);
    }

    @Override
    protected void checkUsable() {
      if (session().reportedState().isTerminal()) {
        throw new ClientClosedException("session ended");
      }
    }
  }

  @Override
  public synchronized Optional<LockInfo> query(String name) {
    return queue(name).stream().findFirst()
        .map(c -> new LockInfo(name, "owner", c.sessionId, new FencingToken(c.token)));
  }

  @Override
  public List<LockInfo> list(String prefix) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean forceRelease(String name) {
    throw new UnsupportedOperationException();
  }

  private final class Driver implements LockDriver<Claim, Claim> {
    private final long sessionId;

    Driver(long sessionId) {
      this.sessionId = sessionId;
    }

    @Override
    public Claim claim(String name, boolean onlyIfFree, Runnable wake) {
      synchronized (MemoryQueue.this) {
        List<Claim> q = queue(name);
        if (onlyIfFree && !q.isEmpty()) {
          return null;
        }
        Claim c = new Claim(name, nextToken++, sessionId, wake);
        q.add(c);
        return c;
      }
    }

    @Override
    public FencingToken token(Claim claim) {
      return new FencingToken(claim.token);
    }

    @Override
    public QueuePosition<Claim> checkHead(Claim claim) {
      if (offline) {
        throw new ConnectionLossException("offline", null);
      }
      synchronized (MemoryQueue.this) {
        List<Claim> q = queue(claim.name);
        int i = q.indexOf(claim);
        if (i < 0) {
          throw new LeaseLostException(claim.name, "claim removed");
        }
        return i == 0 ? QueuePosition.head() : QueuePosition.behind(q.get(i - 1));
      }
    }

    @Override
    public boolean watchPredecessor(Claim claim, Claim predecessor) {
      synchronized (MemoryQueue.this) {
        if (!queue(predecessor.name).contains(predecessor)) {
          return false;
        }
        predecessor.watchers.add(claim.wake);
        return true;
      }
    }

    @Override
    public void withdraw(Claim claim) {
      remove(claim);
    }

    @Override
    public void release(ClaimLease<Claim> lease) {
      remove(lease.claim());
    }
  }
}
