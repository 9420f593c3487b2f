package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.LockAlreadyHeldException;
import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.metastate.recipes.rangelock.KeyRange;
import io.metastate.recipes.rangelock.LockMode;
import io.metastate.tck.KitContext;
import io.metastate.tck.KitSeed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One randomized run: acquire, try, release and cancel over a small key space by several sessions, checked after
 * every step against {@link IntervalModel}: the granted set is exactly the model's, the space's own
 * {@code holders()} agrees, no two grants conflict, and conflicting grants carry increasing tokens in grant order.
 * The run's seed is in every failure message; {@code -Dmetastate.tck.seed} replays the choices ({@link KitSeed}).
 */
final class RangeLockModelRun {
  private static final String[] BOUNDS = {"a", "b", "c", "d", "e"};

  private final Random random;
  private final List<KeyLockSpace> spaces;
  private final KitContext kit;
  private final IntervalModel model = new IntervalModel();
  private final Map<Integer, CompletableFuture<KeyLease>> requests = new HashMap<>();
  private final Map<Integer, IntervalModel.Entry> entries = new HashMap<>();
  private final List<KeyLease> grantHistory = new ArrayList<>();
  private final List<Integer> seenGranted = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private int nextId;

  RangeLockModelRun(Random random, List<KeyLockSpace> spaces, KitContext kit) {
    this.random = random;
    this.spaces = spaces;
    this.kit = kit;
  }

  void steps(int n) {
    int granted = 0;
    int waited = 0;
    for (int step = 0; step < n; step++) {
      int dice = random.nextInt(100);
      if (dice < 45) {
        waited += acquire(false) ? 0 : 1;
      } else if (dice < 55) {
        acquire(true);
      } else if (dice < 85) {
        release();
      } else {
        cancel();
      }
      granted += check(step);
    }
    // A run that never waited or never granted would prove little.
    assertThat(granted).as(context("grants observed")).isGreaterThan(n / 10);
    assertThat(waited).as(context("requests that had to wait")).isGreaterThan(n / 20);
  }

  /** Returns whether the request was granted at once (or refused), false if it had to wait. */
  private boolean acquire(boolean tryOnly) {
    int actor = random.nextInt(spaces.size());
    IntervalModel.Entry e = randomEntry(actor);
    KeyRange range = new KeyRange(e.from(), e.to());
    LockMode mode = e.write() ? LockMode.WRITE : LockMode.READ;
    trace.add((tryOnly ? "try " : "acquire ") + e);
    KeyLockSpace space = spaces.get(actor);
    if (model.recursive(e)) {
      assertThatThrownBy(() -> {
        if (tryOnly) {
          space.tryLock(range, mode);
        } else {
          space.lockAsync(range, mode);
        }
      }).as(context("a request conflicting with the session's own")).isInstanceOf(LockAlreadyHeldException.class);
      return true;
    }
    boolean grantable = model.grantableNow(e);
    if (tryOnly) {
      Optional<KeyLease> lease = space.tryLock(range, mode);
      assertThat(lease.isPresent()).as(context("tryLock of " + e)).isEqualTo(grantable);
      lease.ifPresent(l -> {
        model.add(e);
        entries.put(e.id(), e);
        requests.put(e.id(), CompletableFuture.completedFuture(l));
      });
      return true;
    }
    model.add(e);
    entries.put(e.id(), e);
    requests.put(e.id(), space.lockAsync(range, mode));
    return grantable;
  }

  private void release() {
    List<Integer> granted = model.granted();
    if (granted.isEmpty()) {
      return;
    }
    int id = granted.get(random.nextInt(granted.size()));
    trace.add("release #" + id);
    requests.get(id).join().release();
    model.remove(id);
    requests.remove(id);
  }

  private void cancel() {
    List<Integer> granted = model.granted();
    List<Integer> waiting = model.live().stream().map(IntervalModel.Entry::id).filter(id -> !granted.contains(id))
        .collect(Collectors.toList());
    if (waiting.isEmpty()) {
      return;
    }
    int id = waiting.get(random.nextInt(waiting.size()));
    trace.add("cancel #" + id);
    assertThat(requests.get(id).cancel(true)).as(context("cancelling waiting #" + id)).isTrue();
    model.remove(id);
    requests.remove(id);
  }

  /** Waits until the implementation's grants equal the model's, then checks conflicts, tokens and holders(). */
  private int check(int step) {
    List<Integer> expected = model.granted().stream().sorted().collect(Collectors.toList());
    kit.await().alias(context("step " + step + ": granted set equals the model's " + expected))
        .until(() -> implementationGranted().equals(expected));
    int fresh = 0;
    for (int id : expected) {
      if (!seenGranted.contains(id)) {
        KeyLease lease = requests.get(id).join();
        for (KeyLease earlier : grantHistory) {
          if (conflicting(earlier, lease)) {
            assertThat(lease.token()).as(context("token of " + entries.get(id) + " after " + earlier))
                .isGreaterThan(earlier.token());
          }
        }
        grantHistory.add(lease);
        seenGranted.add(id);
        fresh++;
      }
    }
    List<KeyLease> held = expected.stream().map(id -> requests.get(id).join()).collect(Collectors.toList());
    for (int i = 0; i < held.size(); i++) {
      assertThat(held.get(i).isHeld()).as(context("lease " + held.get(i) + " is HELD")).isTrue();
      for (int j = i + 1; j < held.size(); j++) {
        assertThat(conflicting(held.get(i), held.get(j)))
            .as(context("two granted locks conflict: " + held.get(i) + " and " + held.get(j))).isFalse();
      }
    }
    List<Long> holderTokens = spaces.get(0).holders().stream().map(h -> h.token().value()).sorted()
        .collect(Collectors.toList());
    List<Long> heldTokens = held.stream().map(l -> l.token().value()).sorted().collect(Collectors.toList());
    assertThat(holderTokens).as(context("holders() at step " + step)).isEqualTo(heldTokens);
    return fresh;
  }

  private List<Integer> implementationGranted() {
    return requests.entrySet().stream()
        .filter(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally())
        .map(Map.Entry::getKey).sorted().collect(Collectors.toList());
  }

  private static boolean conflicting(KeyLease a, KeyLease b) {
    return a.mode().conflictsWith(b.mode()) && a.range().intersects(b.range());
  }

  private IntervalModel.Entry randomEntry(int actor) {
    boolean write = random.nextInt(100) < 55;
    int shape = random.nextInt(10);
    String from;
    String to;
    if (shape < 5) { // one key
      from = BOUNDS[random.nextInt(BOUNDS.length - 1)];
      to = from + '\0';
    } else if (shape < 8) { // a bounded range
      int i = random.nextInt(BOUNDS.length - 1);
      int j = i + 1 + random.nextInt(BOUNDS.length - 1 - i);
      from = BOUNDS[i];
      to = BOUNDS[j];
    } else if (shape == 8) { // one open end
      boolean lowOpen = random.nextBoolean();
      from = lowOpen ? null : BOUNDS[random.nextInt(BOUNDS.length)];
      to = lowOpen ? BOUNDS[random.nextInt(BOUNDS.length)] : null;
    } else { // the whole space
      from = null;
      to = null;
    }
    return new IntervalModel.Entry(nextId++, actor, from, to, write);
  }

  private String context(String what) {
    int from = Math.max(0, trace.size() - 12);
    return what + " (" + KitSeed.replay() + "; last steps: "
        + trace.subList(from, trace.size()) + ")";
  }
}
