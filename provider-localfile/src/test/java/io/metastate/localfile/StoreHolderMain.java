package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for the "directory in use" test: opens the store, writes one node, prints READY and holds the store
 * until its stdin closes.
 */
public final class StoreHolderMain {
  private StoreHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (CoordinationClient client = LocalFileCoordination.builder().directory(Path.of(args[0])).build()) {
      client.state().create("/held-by-child", "child".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
      System.out.println("PID " + ProcessHandle.current().pid());
      System.out.println("READY");
      while (System.in.read() >= 0) {
        // hold until the parent closes our stdin
      }
    }
    System.out.println("CLOSED");
  }
}
