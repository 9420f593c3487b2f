package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM for the crash test. Several threads write until the process is killed; each prints a line only after
 * its call returned (was acknowledged):
 * <ul>
 *   <li>{@code ACK <path> <data>;} for a durable create (a node that must survive the crash with this data);
 *   <li>{@code SET <version> <data>;} for a durable set of {@code /crash/counter};
 *   <li>{@code TOKEN <value>;} for a granted fencing token;
 *   <li>{@code EPHEMERAL <path>;} for an ephemeral node (which must be gone after the crash).
 * </ul>
 * The trailing ';' marks a complete line: a line cut by the kill has none and is ignored.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String round = args[1];
    CoordinationClient client = LocalFileCoordination.builder().directory(dir).build();
    var state = client.state();
    state.createWithParents("/crash/r" + round, new byte[0], CreateMode.PERSISTENT);
    if (state.exists("/crash/counter").isEmpty()) {
      state.create("/crash/counter", bytes("0"), CreateMode.PERSISTENT);
    }
    String eph = state.create("/crash/eph-", new byte[0], CreateMode.EPHEMERAL_SEQUENTIAL);
    System.out.println("EPHEMERAL " + eph + ";");
    System.out.println("READY");
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        for (long i = 0; ; i++) {
          String path = "/crash/r" + round + "/t" + thread + "-" + i;
          String data = round + ":" + thread + ":" + i;
          state.create(path, bytes(data), CreateMode.PERSISTENT);
          System.out.println("ACK " + path + " " + data + ";");
          if (thread == 0) {
            var stat = state.set("/crash/counter", bytes(data), -1);
            System.out.println("SET " + stat.version() + " " + data + ";");
          }
        }
      });
      threads.add(worker);
    }
    Thread locker = new Thread(() -> {
      while (true) {
        LockLease lease = client.locks().tryAcquire("crash/lock").orElseThrow();
        System.out.println("TOKEN " + lease.token().value() + ";");
        lease.release();
      }
    });
    threads.add(locker);
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
