package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.client.RoutingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads incrementing counters through the routing client. Records, per key, how many increments were
 * acknowledged (they must all survive) and how many were attempted.
 */
final class Workload implements AutoCloseable {
  final List<String> keys = new ArrayList<>();
  final Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> attempted = new ConcurrentHashMap<>();
  final AtomicLong failures = new AtomicLong();
  private final RoutingClient client;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  Workload(List<String> servers, int keyCount, int threadCount) {
    client = new RoutingClient(servers, Duration.ofSeconds(15));
    for (int i = 0; i < keyCount; i++) {
      String k = "key-" + i;
      keys.add(k);
      acked.put(k, new AtomicLong());
      attempted.put(k, new AtomicLong());
    }
    for (int t = 0; t < threadCount; t++) {
      Thread th = new Thread(this::run, "workload-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
  }

  private void run() {
    while (running) {
      String k = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
      attempted.get(k).incrementAndGet();
      try {
        client.incr(k, 1);
        acked.get(k).incrementAndGet();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
      }
    }
  }

  long totalAcked() {
    return acked.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** A key's value as written back to meta-state (not a node's cache), read through the leader at {@code meta}. */
  long durable(String meta, String nodeToken, String key) {
    Records.Route r = client.route(key);
    Api.Response data = Api.call("GET", meta + "/api/data?node=" + r.primary() + "&partition=" + r.partition()
        + "&epoch=" + r.epoch(), nodeToken, null);
    if (data.status() != 200) {
      throw new IllegalStateException("cannot read partition " + r.partition() + ": " + data.body());
    }
    com.fasterxml.jackson.databind.JsonNode v = data.json().get("values").get(key);
    return v == null ? 0 : v.asLong();
  }

  RoutingClient client() {
    return client;
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
