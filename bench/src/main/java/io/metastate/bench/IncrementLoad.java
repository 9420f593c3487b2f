package io.metastate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Client threads incrementing random keys through the meta server's routing; counts acknowledged increments. */
final class IncrementLoad {
  final List<String> keys = new ArrayList<>();
  final Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
  private final MetaServerApi api;
  private final List<String> servers;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, JsonNode> routes = new ConcurrentHashMap<>();
  private volatile boolean running;

  IncrementLoad(MetaServerApi api, List<String> servers, int keyCount) {
    this.api = api;
    this.servers = servers;
    for (int i = 0; i < keyCount; i++) {
      keys.add("key-" + i);
      acked.put("key-" + i, new AtomicLong());
    }
  }

  void start(int threadCount) {
    running = true;
    for (int t = 0; t < threadCount; t++) {
      Thread th = new Thread(this::loop, "load-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
  }

  private void loop() {
    while (running) {
      String k = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
      JsonNode r = routes.computeIfAbsent(k, x -> {
        JsonNode fresh = api.route(servers, x);
        return fresh == null ? NullNode.getInstance() : fresh;
      });
      if (!r.isNull() && api.incr(r, k)) {
        acked.get(k).incrementAndGet();
      } else {
        routes.remove(k);
        MetaServerApi.pause(10);
      }
    }
  }

  void awaitMore(long n) {
    long target = totalAcked() + n;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (totalAcked() < target) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("load made no progress");
      }
      MetaServerApi.pause(10);
    }
  }

  long totalAcked() {
    return acked.values().stream().mapToLong(AtomicLong::get).sum();
  }

  void stop() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }

  /** How many acknowledged increments are missing from the durable data (meta-state, read through the leader). */
  long lost(List<String> metaServers) {
    long lost = 0;
    for (String k : keys) {
      long value = -1;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (value < 0 && System.nanoTime() < end) {
        JsonNode r = api.route(metaServers, k);
        JsonNode v = null;
        for (int i = 0; r != null && v == null && i < metaServers.size(); i++) {
          v = api.get(metaServers.get(i) + "/api/data?node=" + r.get("primary").asText() + "&partition="
              + r.get("partition").asInt() + "&epoch=" + r.get("epoch").asLong(), SampleProcesses.NODE_TOKEN);
        }
        if (v != null) {
          JsonNode stored = v.get("values").get(k);
          value = stored == null ? 0 : stored.asLong();
        } else {
          MetaServerApi.pause(20);
        }
      }
      if (value < 0) {
        throw new IllegalStateException("cannot read " + k + " to check it");
      }
      lost += Math.max(0, acked.get(k).get() - value);
    }
    return lost;
  }
}
