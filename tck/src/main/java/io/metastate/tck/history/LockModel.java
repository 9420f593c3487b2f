package io.metastate.tck.history;

/**
 * A lock as a mutex (one holder at a time) or, with {@linkplain #fencedLease() fencing}, as a fenced lease: every
 * grant's token exceeds every earlier grant's, in the real-time order in which the grants took effect.
 */
public final class LockModel implements Model<LockModel.State, LockModel.Call, LockModel.Result> {
  private final boolean fenced;

  private LockModel(boolean fenced) {
    this.fenced = fenced;
  }

  /** One holder at a time; tokens ignored. */
  public static LockModel mutex() {
    return new LockModel(false);
  }

  /** One holder at a time, and tokens strictly increasing in grant order; query reports holder and token. */
  public static LockModel fencedLease() {
    return new LockModel(true);
  }

  /**
   * The lock's state.
   *
   * @param holder the holding client, or -1
   * @param token the token of the latest grant (0 before the first)
   */
  public record State(int holder, long token) {
    @Override
    public String toString() {
      return (holder < 0 ? "free" : "held by c" + holder) + ", last token " + token;
    }
  }

  /** The operations: try to acquire, release, and query the holder. */
  public enum Kind { TRY_ACQUIRE, RELEASE, QUERY }

  /** A call by {@code client}. */
  public record Call(Kind kind, int client) {
    @Override
    public String toString() {
      return kind.toString().toLowerCase(java.util.Locale.ROOT) + "()";
    }
  }

  /**
   * A result: for TRY_ACQUIRE, {@code granted} with the grant's token, or not; for QUERY, the holder (or -1) and its
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
    return new State(-1, 0);
  }

  @Override
  public String name() {
    return fenced ? "fenced lease" : "mutex";
  }

  @Override
  public State step(State s, Call call, Result r) {
    if (r == null) {
      return s; // the lock workload records no unknown outcomes; placed last, such a call changes nothing
    }
    return switch (call.kind()) {
      case TRY_ACQUIRE -> {
        if (!r.granted()) {
          yield s.holder() >= 0 ? s : null;
        }
        if (s.holder() >= 0 || (fenced && r.token() <= s.token())) {
          yield null;
        }
        yield new State(call.client(), fenced ? r.token() : 0);
      }
      case RELEASE -> s.holder() == call.client() ? new State(-1, s.token()) : null;
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
