package io.metastate.cdi;

import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockInfo;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deliberately unsafe read-modify-write of a counter kept in meta-state (and of a plain field), made safe only by
 * {@link Locked}. The node also stores the fencing token of the last writer, so each call can check that its token
 * is newer than every earlier holder's, whichever container that was.
 */
@ApplicationScoped
class CounterJob {
  static final String LOCK = "cdi-test/counter";
  static final String PATH = "/cdi-test-counter";

  @Inject
  MetaStateService state;

  @Inject
  DistributedLockService locks;

  private int plainCount; // not volatile, not atomic: only the lock keeps it right
  private final List<Long> tokens = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  @Locked(value = LOCK, timeout = "60s")
  void increment() {
    long token = CurrentLease.token().value();
    Optional<LockInfo> holder = locks.query(LOCK);
    if (holder.isEmpty() || holder.get().sessionId() != locks.session().id() || holder.get().token().value() != token) {
      violations.add("backend says " + holder + " holds " + LOCK + " during a call with token " + token);
    }
    Optional<Node> node = state.get(PATH);
    long count = 0;
    if (node.isPresent()) {
      String[] parts = node.get().dataAsString().split(":");
      count = Long.parseLong(parts[0]);
      long previousToken = Long.parseLong(parts[1]);
      if (previousToken >= token) {
        violations.add("token " + token + " is not newer than the previous holder's " + previousToken);
      }
    }
    byte[] data = ((count + 1) + ":" + token).getBytes(StandardCharsets.UTF_8);
    if (node.isPresent()) {
      state.set(PATH, data, MetaStateService.ANY_VERSION);
    } else {
      state.create(PATH, data, CreateMode.PERSISTENT);
    }
    plainCount = plainCount + 1;
    tokens.add(token);
  }

  // Callers hold the client proxy, whose fields are not the bean's: they read through methods.
  List<Long> tokens() {
    return tokens;
  }

  List<String> violations() {
    return violations;
  }

  int plainCount() {
    return plainCount;
  }

  long sessionId() {
    return locks.session().id();
  }

  Optional<LockInfo> holder() {
    return locks.query(LOCK);
  }

  long storedCount() {
    return state.get(PATH).map(n -> Long.parseLong(n.dataAsString().split(":")[0])).orElse(0L);
  }
}
