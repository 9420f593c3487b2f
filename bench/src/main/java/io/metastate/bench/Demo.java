package io.metastate.bench;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import io.metastate.state.WatchScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A small tour of locks and meta-state on the local-file provider, opened through configuration as an application
 * would: {@code java -jar bench/target/metastate-bench.jar demo}. The store lives in {@code ./metastate-demo} unless
 * {@code metastate.localfile.dir} says otherwise; run it twice to see state and fencing tokens survive restarts.
 */
final class Demo implements Suite {
  @Override
  public void run(Harness ignored) throws Exception {
    MetaStateConfig config = MetaStateConfig.load();
    if (config.get("metastate.provider").isEmpty()) {
      config = config.with("metastate.provider", "localfile");
    }
    if (config.get("metastate.localfile.dir").isEmpty()) {
      config = config.with("metastate.localfile.dir", Path.of("metastate-demo").toAbsolutePath().toString());
    }
    try (CoordinationClient client = MetaState.open(config)) {
      System.out.println("opened " + client.providerName() + " client, session " + client.session());
      var state = client.state();
      state.watch("/demo", WatchScope.SUBTREE, e -> System.out.println("  watch: " + e));
      if (state.exists("/demo/counter").isEmpty()) {
        state.createWithParents("/demo/counter", bytes("0"), CreateMode.PERSISTENT);
      }
      try (LockLease lease = client.locks().acquire("demo/counter", Duration.ofSeconds(5)).orElseThrow()) {
        System.out.println("holding lock " + lease.name() + " with " + lease.token());
        var node = state.get("/demo/counter").orElseThrow();
        long next = Long.parseLong(node.dataAsString()) + 1;
        // Fenced write: applied only if the lease still holds, and only if nobody changed the counter meanwhile.
        state.multi(List.of(Op.lockHeld(lease),
            Op.set("/demo/counter", bytes(Long.toString(next)), node.stat().version())));
        System.out.println("counter is now " + next + " (run again: it keeps counting, tokens keep growing)");
      }
      String member = state.create("/demo/member-", bytes("me"), CreateMode.EPHEMERAL_SEQUENTIAL);
      System.out.println("registered ephemeral " + member + "; members: " + state.children("/demo"));
      System.out.println("closing: the ephemeral node goes with the session");
    }
    System.out.println("done");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
