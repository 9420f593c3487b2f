package io.metastate.zookeeper;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock holder in its own JVM, for {@link PausedHolderTest}: acquires the lock {@code args[1]} on the ZooKeeper at
 * {@code args[0]} with a 2 s session, prints {@code TOKEN <n>}, then reads its lease's state in a tight loop and
 * prints {@code STATE <wall millis before the read> <state>} for the first read, each change, and the first read after
 * a gap (a pause). Stops after printing a terminal state.
 */
final class PausedHolder {
  /** A read this long after the previous one follows a pause of the process. */
  private static final long GAP_MILLIS = 500;

  private PausedHolder() {}

  public static void main(String[] args) {
    try (CoordinationClient client = MetaState.open(ZooKeeperFixture.config(args[0], "paused-holder"))) {
      LockLease lease = client.locks().acquire(args[1], Duration.ofSeconds(30))
          .orElseThrow(() -> new IllegalStateException("lock " + args[1] + " not granted"));
      System.out.println("TOKEN " + lease.token().value());
      LeaseState last = null;
      long previous = System.currentTimeMillis();
      while (true) {
        long before = System.currentTimeMillis();
        LeaseState state = lease.state();
        if (state != last || before - previous > GAP_MILLIS) {
          System.out.println("STATE " + before + " " + state);
          System.out.flush();
          last = state;
        }
        previous = before;
        if (state.isTerminal()) {
          return;
        }
        LockSupport.parkNanos(200_000); // a busy reader, but leave the other core to ZooKeeper's threads
      }
    }
  }
}
