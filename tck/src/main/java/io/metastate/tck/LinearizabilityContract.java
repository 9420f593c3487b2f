package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static io.metastate.tck.Workloads.assertLinearizable;
import static io.metastate.tck.Workloads.seed;
import static io.metastate.tck.Workloads.workerOfSession;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.tck.history.Checker;
import io.metastate.tck.history.History;
import io.metastate.tck.history.LockModel;
import io.metastate.tck.history.RegisterModel;
import io.metastate.tck.history.RegisterModel.Call;
import io.metastate.tck.history.RegisterModel.Outcome;
import io.metastate.tck.history.RegisterModel.Result;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Concurrent clients run random operations; the kit records when each was invoked and when it returned, and checks
 * the history with the {@link Checker}. Histories are small (about 150 operations) so each check takes milliseconds.
 */
public abstract class LinearizabilityContract extends Contract {
  private static final int CLIENTS = 4;

  @Nested
  @DisplayName("a history of concurrent clients")
  class Histories {
    @Test
    @DisplayName("of random get, create, set, compare-and-set and delete on 3 nodes is linearizable as a CAS register per key")
    @Verifies({"STATE-15", "STATE-13"})
    void registers() throws Exception {
      long seed = seed();
      List<CoordinationClient> clients = kit.open(CLIENTS);
      String[] keys = {kit.path("k0"), kit.path("k1"), kit.path("k2")};
      History<Call, Result> history = new History<>();
      Workloads.run(kit, CLIENTS, seed, w -> {
        int id = w.id();
        Random random = w.random();
        MetaStateService s = clients.get(id).state();
        Map<String, Long> seenVersion = new HashMap<>();
        for (int i = 0; i < 36; i++) {
          w.align();
          String key = keys[random.nextInt(keys.length)];
          long known = seenVersion.getOrDefault(key, 0L);
          int dice = random.nextInt(100);
          Call call = dice < 35 ? Call.get()
              : dice < 50 ? Call.create("c" + id + "-" + i)
              : dice < 65 ? Call.set("c" + id + "-" + i, RegisterModel.ANY)
              : dice < 92 ? Call.set("c" + id + "-" + i, known)
              : Call.delete(random.nextBoolean() ? RegisterModel.ANY : known);
          Result r = history.record(id, key, call, () -> execute(s, key, call));
          if (r != null && r.outcome() == Outcome.OK) {
            seenVersion.put(key, r.version());
          }
        }
      });
      assertLinearizable(Checker.check(new RegisterModel(), history.operations()), seed);
    }

    @Test
    @DisplayName("of random tryAcquire, acquire, query and release on 2 locks is linearizable as a mutex")
    @Verifies("LOCK-1")
    void mutex() throws Exception {
      long seed = seed();
      assertLinearizable(Checker.check(LockModel.mutex(), lockHistory(seed).operations()), seed);
    }

    @Test
    @DisplayName("of random tryAcquire, acquire, query and release on 2 locks is linearizable as a fenced lease (tokens grow in grant order)")
    @Verifies({"LOCK-1", "LOCK-19"})
    void fencedLease() throws Exception {
      long seed = seed();
      assertLinearizable(Checker.check(LockModel.fencedLease(), lockHistory(seed).operations()), seed);
    }
  }

  private static Result execute(MetaStateService s, String path, Call call) {
    try {
      return switch (call.kind()) {
        case GET -> {
          Optional<Node> n = s.get(path);
          yield n.map(node -> Result.ok(node.dataAsString(), node.stat().version())).orElse(Result.of(Outcome.ABSENT));
        }
        case CREATE -> {
          s.create(path, bytes(call.value()), CreateMode.PERSISTENT);
          yield Result.ok(null, 0);
        }
        case SET -> Result.ok(null, s.set(path, bytes(call.value()), call.expectedVersion()).version());
        case DELETE -> {
          s.delete(path, call.expectedVersion());
          yield Result.ok(null, 0);
        }
      };
    } catch (NodeExistsException e) {
      return Result.of(Outcome.NODE_EXISTS);
    } catch (NoNodeException e) {
      return Result.of(Outcome.NO_NODE);
    } catch (BadVersionException e) {
      return Result.of(Outcome.BAD_VERSION);
    } catch (ConnectionLossException e) {
      return null; // outcome unknown: the checker may or may not apply it
    }
  }

  private History<LockModel.Call, LockModel.Result> lockHistory(long seed) throws Exception {
    List<CoordinationClient> clients = kit.open(CLIENTS);
    Map<Long, Integer> clientOfSession = workerOfSession(clients);
    String[] names = {kit.lock("m0"), kit.lock("m1")};
    History<LockModel.Call, LockModel.Result> history = new History<>();
    Workloads.run(kit, CLIENTS, seed, w -> {
      int id = w.id();
      Random random = w.random();
      CoordinationClient c = clients.get(id);
      for (int i = 0; i < 25; i++) {
        w.align();
        String name = names[random.nextInt(names.length)];
        if (i % 2 == 0) {
          // Every other round, winners hold their lock until everyone has tried: any second grant then overlaps.
          Optional<LockLease> lease = recordTry(history, c, id, name);
          w.align();
          if (lease.isPresent()) {
            query(history, c, id, name, clientOfSession);
            history.record(id, name, new LockModel.Call(LockModel.Kind.RELEASE, id), () -> {
              lease.get().release();
              return LockModel.Result.released();
            });
          }
          continue;
        }
        if (random.nextInt(4) == 0) {
          query(history, c, id, name, clientOfSession);
          continue;
        }
        boolean blocking = random.nextInt(3) == 0;
        long start = System.nanoTime();
        // Blocking acquires wait long enough never to time out: a waiter that gives up just as the lock is handed to
        // it may legally have made a tryAcquire see the lock busy, and the models have no step for that.
        Optional<LockLease> lease = blocking ? c.locks().acquire(name, kit.timeout()) : c.locks().tryAcquire(name);
        long end = System.nanoTime();
        if (lease.isEmpty() && blocking) {
          throw new AssertionError("acquire(" + name + ", " + kit.timeout() + ") timed out with 4 short-lived holders");
        }
        history.add(new io.metastate.tck.history.Operation<>(id, name,
            new LockModel.Call(LockModel.Kind.TRY_ACQUIRE, id),
            lease.map(l -> LockModel.Result.granted(l.token().value())).orElse(LockModel.Result.busy()), start, end));
        if (lease.isPresent()) {
          if (random.nextBoolean()) {
            query(history, c, id, name, clientOfSession);
          }
          history.record(id, name, new LockModel.Call(LockModel.Kind.RELEASE, id), () -> {
            lease.get().release();
            return LockModel.Result.released();
          });
        }
      }
    });
    return history;
  }

  private static Optional<LockLease> recordTry(History<LockModel.Call, LockModel.Result> history,
      CoordinationClient c, int id, String name) {
    long start = System.nanoTime();
    Optional<LockLease> lease = c.locks().tryAcquire(name);
    history.add(new io.metastate.tck.history.Operation<>(id, name, new LockModel.Call(LockModel.Kind.TRY_ACQUIRE, id),
        lease.map(l -> LockModel.Result.granted(l.token().value())).orElse(LockModel.Result.busy()), start,
        System.nanoTime()));
    return lease;
  }

  private static void query(History<LockModel.Call, LockModel.Result> history, CoordinationClient c, int id, String name,
      Map<Long, Integer> clientOfSession) {
    history.record(id, name, new LockModel.Call(LockModel.Kind.QUERY, id), () -> {
      Optional<LockInfo> info = c.locks().query(name);
      return info.map(i -> LockModel.Result.held(clientOfSession.getOrDefault(i.sessionId(), 999), i.token().value()))
          .orElse(LockModel.Result.free());
    });
  }
}
