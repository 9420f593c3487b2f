package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM for the torn-transaction test: several threads write as fast as they can until the process is killed,
 * each printing a line only once its call returned (was acknowledged):
 * <ul>
 *   <li>{@code MULTI <prefix> <n>;} for a multi that created {@code <prefix>.0} to {@code <prefix>.<n-1>};
 *   <li>{@code EPH <path>;} for an ephemeral node (which must be gone after the crash);
 *   <li>{@code SEQ <path>;} for a persistent sequential node;
 *   <li>{@code CLOSED <i>;} for a second client closed with its ephemeral nodes;
 *   <li>{@code TOKEN <value> <path>;} for a granted fencing token and the node written fenced by it.
 * </ul>
 * The trailing ';' marks a complete line: a line cut by the kill has none and is ignored. Unacknowledged writes are
 * what the test inspects most: every multi both-or-neither, no ephemeral node without its index entry, no revision
 * above the stored counter.
 */
public final class TornWriterMain {
  private static final int IN_FLIGHT = 16;
  private static final int WIDE = 64;
  private static final long MID_APPLY_PAUSE_NANOS = 50_000;

  private TornWriterMain() {}

  public static void main(String[] args) throws Exception {
    // A writer descheduled in the middle of applying a transaction, as happens under load, often enough to matter.
    Transaction.midApply = () -> LockSupport.parkNanos(MID_APPLY_PAUSE_NANOS);
    Path dir = Path.of(args[0]);
    String base = "/torn/r" + args[1];
    CoordinationClient client = LocalFileCoordination.builder().directory(dir).build();
    var state = client.state();
    state.createWithParents(base, new byte[0], CreateMode.PERSISTENT);
    System.out.println("READY");
    List<Thread> threads = new ArrayList<>();
    // Two-node multis go through the async API with many in flight, as a busy server would, so the store's async
    // threads queue on its write lock; a wide multi and a session ending with many ephemeral nodes make
    // transactions whose apply takes long.
    for (int t = 0; t < 2; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (long i = 0; ; i++) {
          String prefix = base + "/m2x" + thread + "-" + i;
          inFlight.acquireUninterruptibly();
          state.async().multi(multi(prefix, 2)).whenComplete((ok, failure) -> {
            inFlight.release();
            if (failure == null) {
              System.out.println("MULTI " + prefix + " 2;");
            }
          });
        }
      }));
    }
    threads.add(new Thread(() -> {
      for (long i = 0; ; i++) {
        String prefix = base + "/m" + WIDE + "x-" + i;
        state.multi(multi(prefix, WIDE));
        System.out.println("MULTI " + prefix + " " + WIDE + ";");
      }
    }));
    for (int t = 0; t < 2; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        for (long i = 0; ; i++) {
          String path = state.create(base + "/e" + thread + "-" + i, new byte[0], CreateMode.EPHEMERAL);
          System.out.println("EPH " + path + ";");
          if (i % 2 == 1) {
            state.delete(path, Op.ANY_VERSION); // exercises the index removal too
          }
        }
      }));
    }
    threads.add(new Thread(() -> {
      for (long i = 0; ; i++) {
        try (CoordinationClient other = LocalFileCoordination.builder().directory(dir).build()) {
          for (int j = 0; j < WIDE; j++) {
            other.state().create(base + "/c" + i + "-" + j, new byte[0], CreateMode.EPHEMERAL);
          }
        } // closing deletes them all in one transaction
        System.out.println("CLOSED " + i + ";");
      }
    }));
    threads.add(new Thread(() -> {
      while (true) {
        String path = state.create(base + "/s-", bytes("seq"), CreateMode.PERSISTENT_SEQUENTIAL);
        System.out.println("SEQ " + path + ";");
      }
    }));
    // A fenced write per grant: the token is printed once a node fenced by it is durable.
    threads.add(new Thread(() -> {
      for (long i = 0; ; i++) {
        LockLease lease = client.locks().tryAcquire("torn/lock").orElseThrow();
        String path = base + "/f-" + i;
        state.multi(List.of(Op.lockHeld(lease), Op.create(path, bytes(path), CreateMode.PERSISTENT)));
        System.out.println("TOKEN " + lease.token().value() + " " + path + ";");
        lease.release();
      }
    }));
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Creates {@code <prefix>.0} to {@code <prefix>.<n-1>} in one transaction. */
  private static List<Op> multi(String prefix, int n) {
    List<Op> ops = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      ops.add(Op.create(prefix + "." + j, bytes(prefix), CreateMode.PERSISTENT));
    }
    return ops;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
