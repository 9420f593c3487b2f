package io.metastate.tck.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.tck.history.LockModel.Call;
import io.metastate.tck.history.LockModel.Kind;
import io.metastate.tck.history.LockModel.Result;
import io.metastate.tck.history.RegisterModel.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckerTest {
  private static <I, O> Operation<I, O> op(int client, I in, O out, long call, long ret) {
    return new Operation<>(client, "k", in, out, call, ret);
  }

  private static final RegisterModel REGISTER = new RegisterModel();

  @Test
  @DisplayName("accepts overlapping writes read in either order")
  void overlapping() {
    var h = List.of(
        op(0, RegisterModel.Call.create("a"), RegisterModel.Result.ok(null, 0), 0, 1),
        op(1, RegisterModel.Call.set("b", -1), RegisterModel.Result.ok(null, 2), 2, 10),
        op(2, RegisterModel.Call.set("c", -1), RegisterModel.Result.ok(null, 1), 3, 9),
        op(3, RegisterModel.Call.get(), RegisterModel.Result.ok("b", 2), 11, 12));
    assertThat(Checker.check(REGISTER, h).linearizable()).isTrue();
  }

  @Test
  @DisplayName("rejects a stale read after a completed write, and prints a readable timeline")
  void staleRead() {
    var h = List.of(
        op(0, RegisterModel.Call.create("a"), RegisterModel.Result.ok(null, 0), 0, 1),
        op(1, RegisterModel.Call.set("b", 0), RegisterModel.Result.ok(null, 1), 2, 3),
        op(2, RegisterModel.Call.get(), RegisterModel.Result.ok("a", 0), 4, 5));
    CheckResult r = Checker.check(REGISTER, h);
    assertThat(r.linearizable()).isFalse();
    assertThat(r.describe()).contains("key k", "get() -> 'a'@v0", "[cannot be placed next]", "set('b', v0) -> ok v1");
  }

  @Test
  @DisplayName("rejects two successful compare-and-sets from the same version")
  void doubleCas() {
    var h = List.of(
        op(0, RegisterModel.Call.create("a"), RegisterModel.Result.ok(null, 0), 0, 1),
        op(1, RegisterModel.Call.set("b", 0), RegisterModel.Result.ok(null, 1), 2, 5),
        op(2, RegisterModel.Call.set("c", 0), RegisterModel.Result.ok(null, 1), 2, 5));
    assertThat(Checker.check(REGISTER, h).linearizable()).isFalse();
  }

  @Test
  @DisplayName("lets an unknown outcome take effect, or not")
  void unknown() {
    var applied = List.of(
        op(0, RegisterModel.Call.create("a"), RegisterModel.Result.ok(null, 0), 0, 1),
        op(1, RegisterModel.Call.set("b", -1), (RegisterModel.Result) null, 2, Long.MAX_VALUE),
        op(2, RegisterModel.Call.get(), RegisterModel.Result.ok("b", 1), 5, 6));
    var lost = List.of(applied.get(0), applied.get(1),
        op(2, RegisterModel.Call.get(), RegisterModel.Result.ok("a", 0), 5, 6));
    assertThat(Checker.check(REGISTER, applied).linearizable()).isTrue();
    assertThat(Checker.check(REGISTER, lost).linearizable()).isTrue();
  }

  @Test
  @DisplayName("checks keys apart: a violation on one key is named, the other passes")
  void partitions() {
    var h = new ArrayList<Operation<RegisterModel.Call, RegisterModel.Result>>();
    h.add(new Operation<>(0, "good", RegisterModel.Call.create("x"), RegisterModel.Result.ok(null, 0), 0, 1));
    h.add(new Operation<>(0, "bad", RegisterModel.Call.get(), RegisterModel.Result.ok("ghost", 0), 0, 1));
    CheckResult r = Checker.check(REGISTER, h);
    assertThat(r.failures()).extracting(CheckResult.Failure::key).containsExactly("bad");
    assertThat(r.keys()).isEqualTo(2);
  }

  @Test
  @DisplayName("a mutex rejects two overlapping grants; a fenced lease also rejects a token that does not grow")
  void locks() {
    var twice = List.of(
        op(0, new Call(Kind.TRY_ACQUIRE, 0), Result.granted(5), 0, 2),
        op(1, new Call(Kind.TRY_ACQUIRE, 1), Result.granted(6), 3, 4),
        op(0, new Call(Kind.RELEASE, 0), Result.released(), 5, 6));
    assertThat(Checker.check(LockModel.mutex(), twice).linearizable()).isFalse();
    var repeated = List.of(
        op(0, new Call(Kind.TRY_ACQUIRE, 0), Result.granted(5), 0, 1),
        op(0, new Call(Kind.RELEASE, 0), Result.released(), 2, 3),
        op(1, new Call(Kind.TRY_ACQUIRE, 1), Result.granted(5), 4, 5));
    assertThat(Checker.check(LockModel.mutex(), repeated).linearizable()).isTrue();
    assertThat(Checker.check(LockModel.fencedLease(), repeated).linearizable()).isFalse();
    var query = List.of(
        op(0, new Call(Kind.TRY_ACQUIRE, 0), Result.granted(5), 0, 1),
        op(1, new Call(Kind.QUERY, 1), Result.held(0, 5), 2, 3),
        op(1, new Call(Kind.TRY_ACQUIRE, 1), Result.busy(), 2, 3));
    assertThat(Checker.check(LockModel.fencedLease(), query).linearizable()).isTrue();
  }

  @Test
  @DisplayName("stays fast on a random concurrent history of a correct register")
  void fastOnCorrectHistory() {
    Random random = new Random(42);
    List<Operation<RegisterModel.Call, RegisterModel.Result>> h = new ArrayList<>();
    RegisterModel.State s = REGISTER.initial();
    long t = 0;
    for (int i = 0; i < 300; i++) {
      RegisterModel.Call c = switch (random.nextInt(3)) {
        case 0 -> RegisterModel.Call.get();
        case 1 -> RegisterModel.Call.set("v" + i, random.nextBoolean() ? -1 : s.version());
        default -> RegisterModel.Call.create("v" + i);
      };
      RegisterModel.Result r = expected(s, c);
      s = REGISTER.step(s, c, r);
      // Each operation takes effect at t, but its call and return are smeared over neighbours.
      h.add(new Operation<>(i % 5, "k", c, r, t - random.nextInt(40), t + random.nextInt(40)));
      t += 10;
    }
    long start = System.nanoTime();
    assertThat(Checker.check(REGISTER, h).linearizable()).isTrue();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  private static RegisterModel.Result expected(RegisterModel.State s, RegisterModel.Call c) {
    for (RegisterModel.Result r : List.of(RegisterModel.Result.ok(s.value(), s.version()),
        RegisterModel.Result.ok(null, s.version() + 1), RegisterModel.Result.ok(null, 0),
        RegisterModel.Result.of(Outcome.ABSENT), RegisterModel.Result.of(Outcome.NODE_EXISTS),
        RegisterModel.Result.of(Outcome.NO_NODE), RegisterModel.Result.of(Outcome.BAD_VERSION))) {
      if (REGISTER.step(s, c, r) != null) {
        return r;
      }
    }
    throw new AssertionError();
  }
}
