package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM for the torn-transaction test: applies one multi larger than H2's own auto-commit buffer (about 19 MB)
 * and stops for good in the middle of applying it, after its last node and before the revision counter, printing
 * {@code APPLYING}; the test then kills it. Nothing of the multi was committed by the store, so nothing of it may
 * be in the file.
 */
public final class BigMultiMain {
  static final int NODES = 24;
  static final int VALUE_BYTES = 1_000_000;

  private BigMultiMain() {}

  public static void main(String[] args) {
    CoordinationClient client = LocalFileCoordination.builder().directory(Path.of(args[0])).build();
    client.state().create("/big", new byte[0], CreateMode.PERSISTENT);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ops.add(Op.create("/big/n" + i, new byte[VALUE_BYTES], CreateMode.PERSISTENT));
    }
    AtomicInteger steps = new AtomicInteger();
    Transaction.midApply = () -> {
      if (steps.incrementAndGet() > NODES) { // every node is in the maps; the counter is next
        System.out.println("APPLYING");
        while (true) {
          LockSupport.park();
        }
      }
    };
    client.state().multi(ops);
  }
}
