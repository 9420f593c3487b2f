package io.metastate.guice;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.CoordinationException;
import java.util.Map;

/**
 * Child JVM for the lifecycle tests: the next owner of a local-file store. In the test's own JVM a second open would
 * join the store by reference count whether or not the first client let go; another process gets the directory only
 * once the first owner has really closed it. Prints {@code OPENED} and the data of {@code /guice} (or
 * {@code NO-NODE}), or {@code REFUSED} and the error.
 */
public final class NextOwnerMain {
  private NextOwnerMain() {}

  public static void main(String[] args) {
    MetaStateConfig config = MetaStateConfig.of(Map.of("metastate.provider", "localfile",
        "metastate.localfile.dir", args[0]));
    try (CoordinationClient client = MetaState.open(config)) {
      System.out.println("OPENED");
      System.out.println(client.state().get("/guice").map(n -> "DATA " + n.dataAsString()).orElse("NO-NODE"));
    } catch (CoordinationException e) {
      System.out.println("REFUSED " + e);
    }
  }
}
