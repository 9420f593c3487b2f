package io.metastate.testing.junit;

import io.metastate.testing.Loopback;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.Srvr;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Loopback ports and readiness probes for servers in containers (which offer no event to wait on). */
final class Probes {
  static final String LOOPBACK = Loopback.ADDRESS;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private Probes() {}

  /** A port free on 127.0.0.1 right now (the containers share the host's network, so they take it there). */
  static int freePort() {
    return Loopback.freePort();
  }

  /** Whether the etcd member at {@code endpoint} reports itself healthy (it has a leader and a quorum). */
  static boolean etcdHealthy(String endpoint) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/health"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.body().contains("\"health\":\"true\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking etcd at " + endpoint, e);
    }
  }

  /** Whether the ZooKeeper server on {@code port} serves (answers {@code srvr} with a mode). */
  static boolean zooKeeperServing(int port) {
    return Srvr.serving(port);
  }

  /** Polls {@code ready} until true, failing after 60 s (scaled) with {@code what} and {@code hint}. */
  static void await(String what, BooleanSupplier ready, Runnable alive) {
    Awaitility.await().atMost(TestTiming.seconds(60)).pollInterval(Duration.ofMillis(100)).alias(what)
        .until(() -> {
          alive.run();
          return ready.getAsBoolean();
        });
  }
}
