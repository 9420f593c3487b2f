package io.metastate.tck;

import static io.metastate.tck.Workloads.assertLinearizable;
import static io.metastate.tck.Workloads.seed;
import static io.metastate.tck.Workloads.workerOfSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.tck.history.CheckResult;
import io.metastate.tck.history.Checker;
import io.metastate.tck.history.History;
import io.metastate.tck.history.LockModel;
import io.metastate.tck.history.LockModel.Call;
import io.metastate.tck.history.LockModel.Kind;
import io.metastate.tck.history.LockModel.Result;
import io.metastate.tck.history.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Waiters are served first come, first served, and a try never jumps them: right after a release, the lock belongs
 * to the first waiter, not to whoever asks fastest.
 */
public abstract class FairnessContract extends Contract {
  private static final int CLIENTS = 4;

  @Nested
  @DisplayName("a try while another session waits")
  class NoBarging {
    @Test
    @DisplayName("right after the release returns empty (tryAcquire and acquire with a zero timeout): the waiter is granted")
    @Verifies("FAULT-14")
    void tryDoesNotBarge() throws Exception {
      List<CoordinationClient> c = kit.open(3);
      LockLease current = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      for (int round = 0; round < 6; round++) {
        CoordinationClient waiting = c.get(round % 2 == 0 ? 1 : 0);
        // Queued once acquireAsync returned: the order the FIFO promise counts in.
        CompletableFuture<LockLease> waiter = waiting.locks().acquireAsync(kit.lock("l"));
        current.release();
        Optional<LockLease> barged = round < 3 ? c.get(2).locks().tryAcquire(kit.lock("l"))
            : c.get(2).locks().acquire(kit.lock("l"), Duration.ZERO);
        barged.ifPresent(LockLease::release);
        assertThat(barged).as("round %d: a third session's try right after the release, while a session waits", round)
            .isEmpty();
        current = waiter.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(current.sessionId()).isEqualTo(waiting.session().id());
      }
    }
  }

  @Nested
  @DisplayName("a history of concurrent clients")
  class Histories {
    @Test
    @DisplayName("of tryAcquire, queued acquireAsync, query and release on one lock is linearizable as a FIFO mutex")
    @Verifies("FAULT-15")
    void fifo() throws Exception {
      long seed = seed();
      List<CoordinationClient> clients = kit.open(CLIENTS);
      Map<Long, Integer> clientOf = workerOfSession(clients);
      String name = kit.lock("fifo");
      History<Call, Result> history = new History<>();
      Workloads.run(kit, CLIENTS, seed, w -> {
        int id = w.id();
        CoordinationClient c = clients.get(id);
        for (int i = 0; i < 16; i++) {
          w.align();
          int dice = w.random().nextInt(10);
          Optional<LockLease> lease;
          if (dice < 5) {
            lease = Optional.of(queued(history, c, id, name));
          } else if (dice < 8) {
            long start = System.nanoTime();
            lease = c.locks().tryAcquire(name);
            history.add(new Operation<>(id, name, new Call(Kind.TRY_ACQUIRE, id),
                lease.isPresent() ? Result.granted(0) : Result.busy(), start, System.nanoTime()));
          } else {
            lease = Optional.empty();
            history.record(id, name, new Call(Kind.QUERY, id), () -> c.locks().query(name)
                .map(LockInfo::sessionId).map(s -> Result.held(clientOf.getOrDefault(s, 999), 0))
                .orElse(Result.free()));
          }
          lease.ifPresent(l -> history.record(id, name, new Call(Kind.RELEASE, id), () -> {
            l.release();
            return Result.released();
          }));
        }
      });
      CheckResult result = Checker.check(LockModel.fifoMutex(), history.operations());
      assertLinearizable(result, seed);
    }
  }

  /** acquireAsync recorded as its two halves: joining the queue (the call) and the grant (until the future is done). */
  private LockLease queued(History<Call, Result> history, CoordinationClient c, int id, String name) {
    long start = System.nanoTime();
    CompletableFuture<LockLease> future = c.locks().acquireAsync(name);
    history.add(new Operation<>(id, name, new Call(Kind.ENQUEUE, id), Result.released(), start, System.nanoTime()));
    LockLease lease = future.orTimeout(kit.timeout().toMillis(), TimeUnit.MILLISECONDS).join();
    history.add(new Operation<>(id, name, new Call(Kind.GRANT, id), Result.granted(0), start, System.nanoTime()));
    return lease;
  }

}
