package io.metastate.tck.history;

import java.util.Objects;

/**
 * A node of meta-state as a compare-and-set register: absent, or a value with a version that starts at 0 and grows
 * by one per set. Inputs are {@link Call}s, outputs {@link Result}s; the model predicts the one right output.
 */
public final class RegisterModel implements Model<RegisterModel.State, RegisterModel.Call, RegisterModel.Result> {
  /** Any version, as {@code MetaStateService.ANY_VERSION}. */
  public static final long ANY = -1;

  /** The register's state; {@code value} is null when absent. */
  public record State(String value, long version) {
    static final State ABSENT = new State(null, 0);

    boolean exists() {
      return value != null;
    }

    @Override
    public String toString() {
      return exists() ? "'" + value + "'@v" + version : "absent";
    }
  }

  /** The operations. */
  public enum Kind { GET, CREATE, SET, DELETE }

  /** One call: its kind, the value it writes (CREATE, SET) and the version it expects (SET, DELETE). */
  public record Call(Kind kind, String value, long expectedVersion) {
    public static Call get() {
      return new Call(Kind.GET, null, ANY);
    }

    public static Call create(String value) {
      return new Call(Kind.CREATE, value, ANY);
    }

    public static Call set(String value, long expectedVersion) {
      return new Call(Kind.SET, value, expectedVersion);
    }

    public static Call delete(long expectedVersion) {
      return new Call(Kind.DELETE, null, expectedVersion);
    }

    @Override
    public String toString() {
      String v = expectedVersion == ANY ? "any" : "v" + expectedVersion;
      return switch (kind) {
        case GET -> "get()";
        case CREATE -> "create('" + value + "')";
        case SET -> "set('" + value + "', " + v + ")";
        case DELETE -> "delete(" + v + ")";
      };
    }
  }

  /** What a call returned: OK with the value and version read or written, or an error. */
  public enum Outcome { OK, ABSENT, NODE_EXISTS, NO_NODE, BAD_VERSION }

  /** A call's result; {@code value} and {@code version} are meaningful for OK only (version: read or written). */
  public record Result(Outcome outcome, String value, long version) {
    public static Result ok(String value, long version) {
      return new Result(Outcome.OK, value, version);
    }

    public static Result of(Outcome outcome) {
      return new Result(outcome, null, 0);
    }

    @Override
    public String toString() {
      return outcome == Outcome.OK ? (value == null ? "ok v" + version : "'" + value + "'@v" + version) : outcome.toString();
    }
  }

  @Override
  public State initial() {
    return State.ABSENT;
  }

  @Override
  public String name() {
    return "CAS register per key";
  }

  @Override
  public State step(State s, Call call, Result observed) {
    State next;
    Result expected;
    switch (call.kind()) {
      case GET -> {
        next = s;
        expected = s.exists() ? Result.ok(s.value(), s.version()) : Result.of(Outcome.ABSENT);
      }
      case CREATE -> {
        next = s.exists() ? s : new State(call.value(), 0);
        expected = s.exists() ? Result.of(Outcome.NODE_EXISTS) : Result.ok(null, 0);
      }
      case SET -> {
        Outcome refused = refusal(s, call);
        next = refused != null ? s : new State(call.value(), s.version() + 1);
        expected = refused != null ? Result.of(refused) : Result.ok(null, s.version() + 1);
      }
      case DELETE -> {
        Outcome refused = refusal(s, call);
        next = refused != null ? s : State.ABSENT;
        expected = refused != null ? Result.of(refused) : Result.ok(null, 0);
      }
      default -> throw new IllegalStateException(call.kind().toString());
    }
    // An unknown outcome may have taken effect; if it did not, the checker places it last, where it changes nothing.
    return observed == null || Objects.equals(observed, expected) ? next : null;
  }

  /** Why a set or delete in state {@code s} fails (no node, or not the version it expects); null if it applies. */
  private static Outcome refusal(State s, Call call) {
    if (!s.exists()) {
      return Outcome.NO_NODE;
    }
    return call.expectedVersion() != ANY && call.expectedVersion() != s.version() ? Outcome.BAD_VERSION : null;
  }
}
