package io.metastate.tck.history;

import java.util.ArrayList;
import java.util.List;

/**
 * A lock as a mutex (one holder at a time) or, with {@linkplain #fencedLease() fencing}, as a fenced lease: every
 * grant's token exceeds every earlier grant's, in the real-time order in which the grants took effect; or, as a
 * {@linkplain #fifoMutex() FIFO mutex}, one whose queued waiters are served in the order they joined and are never
 * jumped by a try (no barging).
 */
public final class LockModel implements Model<LockModel.State, LockModel.Call, LockModel.Result> {
  private final boolean fenced;
  private final boolean fifo;

  private LockModel(boolean fenced, boolean fifo) {
    this.fenced = fenced;
    this.fifo = fifo;
  }

  /** One holder at a time; tokens ignored. */
  public static LockModel mutex() {
    return new LockModel(false, false);
  }

  /** One holder at a time, and tokens strictly increasing in grant order; query reports holder and token. */
  public static LockModel fencedLease() {
    return new LockModel(true, false);
  }

  /**
   * One holder at a time, waiters granted in the order they {@linkplain Kind#ENQUEUE joined the queue}, and a try
   * that finds anyone queued returns busy: it must not barge ahead of them. Tokens ignored.
   */
  public static LockModel fifoMutex() {
    return new LockModel(false, true);
  }

  /**
   * The lock's state.
   *
   * @param holder the holding client, or -1
   * @param token the token of the latest grant (0 before the first)
   * @param queue the queued clients, first first (empty unless the history has {@link Kind#ENQUEUE} calls)
   */
  public record State(int holder, long token, List<Integer> queue) {
    public State {
      queue = List.copyOf(queue);
    }

    @Override
    public String toString() {
      return (holder < 0 ? "free" : "held by c" + holder) + ", last token " + token
          + (queue.isEmpty() ? "" : ", queue " + queue);
    }
  }

  /**
   * The operations: try to acquire (a blocking acquire counts as a try that took its time), release, query the
   * holder; and the two halves of a queued acquire: {@code ENQUEUE} (the client joins the queue, spanning the
   * {@code acquireAsync} call) and {@code GRANT} (it becomes holder, spanning from that call until its future was
   * seen complete).
   */
  public enum Kind { TRY_ACQUIRE, RELEASE, QUERY, ENQUEUE, GRANT }

  /** A call by {@code client}. */
  public record Call(Kind kind, int client) {
    @Override
    public String toString() {
      return kind.toString().toLowerCase(java.util.Locale.ROOT) + "()";
    }
  }

  /**
   * A result: for TRY_ACQUIRE and GRANT, {@code granted} with the grant's token, or not (ENQUEUE: granted=true); for QUERY, the holder (or -1) and its
   * token; for RELEASE, granted=true.
   */
  public record Result(boolean granted, int holder, long token) {
    public static Result granted(long token) {
      return new Result(true, -1, token);
    }

    public static Result busy() {
      return new Result(false, -1, 0);
    }

    public static Result released() {
      return new Result(true, -1, 0);
    }

    public static Result held(int holder, long token) {
      return new Result(true, holder, token);
    }

    public static Result free() {
      return new Result(false, -1, 0);
    }

    @Override
    public String toString() {
      if (holder >= 0) {
        return "held by c" + holder + " token " + token;
      }
      return granted ? (token > 0 ? "granted token " + token : "ok") : "none";
    }
  }

  @Override
  public State initial() {
    return new State(-1, 0, List.of());
  }

  @Override
  public String name() {
    return fenced ? "fenced lease" : fifo ? "FIFO mutex" : "mutex";
  }

  @Override
  public State step(State s, Call call, Result r) {
    if (r == null) {
      return s; // the lock workload records no unknown outcomes; placed last, such a call changes nothing
    }
    return switch (call.kind()) {
      case TRY_ACQUIRE -> {
        boolean othersFirst = fifo && !s.queue().isEmpty();
        if (!r.granted()) {
          yield s.holder() >= 0 || othersFirst ? s : null;
        }
        if (s.holder() >= 0 || othersFirst || (fenced && r.token() <= s.token())) {
          yield null;
        }
        yield new State(call.client(), fenced ? r.token() : 0, s.queue());
      }
      case ENQUEUE -> {
        List<Integer> queue = new ArrayList<>(s.queue());
        queue.add(call.client());
        yield new State(s.holder(), s.token(), queue);
      }
      case GRANT -> {
        int at = s.queue().indexOf(call.client());
        if (s.holder() >= 0 || at < 0 || (fifo && at != 0) || (fenced && r.token() <= s.token())) {
          yield null;
        }
        List<Integer> queue = new ArrayList<>(s.queue());
        queue.remove(at);
        yield new State(call.client(), fenced ? r.token() : 0, queue);
      }
      case RELEASE -> s.holder() == call.client() ? new State(-1, s.token(), s.queue()) : null;
      case QUERY -> {
        if (r.holder() < 0) {
          yield s.holder() < 0 ? s : null;
        }
        boolean same = r.holder() == s.holder() && (!fenced || r.token() == s.token());
        yield same ? s : null;
      }
    };
  }
}
