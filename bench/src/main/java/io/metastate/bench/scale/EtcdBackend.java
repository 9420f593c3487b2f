package io.metastate.bench.scale;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.metastate.CoordinationClient;
import io.metastate.etcd.EtcdClients;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The etcd provider on an etcd process (test-servers), and raw jetcd beside it: the v3lock service on a lease,
 * prefix watches, Txn batches, get and keys-only prefix ranges. Server counters come from etcd's {@code /metrics}.
 */
final class EtcdBackend implements Backend {
  private final EtcdCluster etcd = EtcdServers.start();
  private final String[] endpoints = etcd.endpoints().toArray(String[]::new);
  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public CoordinationClient open(String owner) {
    return EtcdClients.builder().endpoints(endpoints).namespace("ours/").ownerId(owner)
        .sessionTtl(Duration.ofSeconds(10)).open();
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public RawLock rawLock(String name) {
    Client c = Client.builder().endpoints(endpoints).build();
    long lease = join(() -> c.getLeaseClient().grant(600).get().getID()); // outlives the run: no keep-alive needed
    ByteSequence lockName = bytes("raw/locks/" + name);
    ByteSequence[] key = new ByteSequence[1];
    return new RawLock() {
      @Override
      public void acquire() throws Exception {
        key[0] = c.getLockClient().lock(lockName, lease).get().getKey();
      }

      @Override
      public void release() throws Exception {
        c.getLockClient().unlock(key[0]).get();
      }

      @Override
      public void close() {
        join(() -> c.getLeaseClient().revoke(lease).get());
        c.close();
      }
    };
  }

  @Override
  public RawHolder rawHolder() {
    Client c = Client.builder().endpoints(endpoints).build();
    long lease = join(() -> c.getLeaseClient().grant(600).get().getID());
    return new RawHolder() {
      @Override
      public void hold(String name) throws Exception {
        c.getLockClient().lock(bytes("raw/held/" + name), lease).get();
      }

      @Override
      public void close() {
        // the session's end: revoking the lease deletes every lock key it holds
        join(() -> c.getLeaseClient().revoke(lease).get());
        c.close();
      }
    };
  }

  @Override
  public RawWatches rawWatches(String prefix) {
    List<Client> clients = new ArrayList<>();
    List<Watch.Watcher> watchers = new ArrayList<>();
    Client writer = Client.builder().endpoints(endpoints).build();
    clients.add(writer);
    return new RawWatches() {
      @Override
      public void watch(int client, Runnable onEvent) throws Exception {
        while (clients.size() <= client + 1) {
          clients.add(Client.builder().endpoints(endpoints).build());
        }
        // jetcd's watch() returns before etcd has made the watch: wait for its created notice, so no write is missed
        CountDownLatch created = new CountDownLatch(1);
        watchers.add(clients.get(client + 1).getWatchClient().watch(bytes("raw/" + prefix + "/"),
            WatchOption.builder().isPrefix(true).withCreateNotify(true).build(), r -> {
              if (r.isCreatedNotify()) {
                created.countDown();
              }
              r.getEvents().forEach(e -> {
                if (e.getEventType() == WatchEvent.EventType.PUT) {
                  onEvent.run();
                }
              });
            }));
        if (!created.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("etcd did not create a raw watch within 30 s");
        }
      }

      @Override
      public void write(int node) throws Exception {
        writer.getKVClient().put(bytes("raw/" + prefix + "/n" + node), ByteSequence.from(TreePaths.VALUE)).get();
      }

      @Override
      public void close() {
        watchers.forEach(Watch.Watcher::close);
        clients.forEach(Client::close);
      }
    };
  }

  @Override
  public RawTree rawTree(String prefix) {
    Client c = Client.builder().endpoints(endpoints).build();
    ByteSequence value = ByteSequence.from(TreePaths.VALUE);
    return new RawTree() {
      @Override
      public void populate(int from, int to) throws Exception {
        List<Op> ops = new ArrayList<>();
        for (int i = from; i < to; i++) {
          ops.add(Op.put(bytes("raw/" + prefix + TreePaths.node(i)), value, PutOption.DEFAULT));
          if (ops.size() == 100 || i == to - 1) { // etcd's default --max-txn-ops is 128
            c.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit().get();
            ops.clear();
          }
        }
      }

      @Override
      public void get(int node) throws Exception {
        if (c.getKVClient().get(bytes("raw/" + prefix + TreePaths.node(node))).get().getKvs().isEmpty()) {
          throw new IllegalStateException("raw etcd lost " + TreePaths.node(node));
        }
      }

      @Override
      public int children(int bucket) throws Exception {
        return c.getKVClient().get(bytes("raw/" + prefix + TreePaths.bucket(bucket) + "/"),
            GetOption.builder().isPrefix(true).withKeysOnly(true).build()).get().getKvs().size();
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  @Override
  public Counters counters() {
    return new Counters() {
      @Override
      public long requests() {
        return metric("grpc_server_handled_total{", "grpc_type=\"unary\"");
      }

      @Override
      public long notifications() {
        return metric("etcd_debugging_mvcc_events_total", "");
      }

      @Override
      public long slowWatchers() {
        return metric("etcd_debugging_mvcc_slow_watcher_total", "");
      }
    };
  }

  /** The sum of a counter's samples (those whose labels contain {@code labelPart}) in etcd's /metrics. */
  private long metric(String name, String labelPart) {
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create(endpoints[0] + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      double sum = 0;
      for (String line : body.split("\n")) {
        if (line.startsWith(name) && line.contains(labelPart)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return (long) sum;
    } catch (Exception e) {
      throw new IllegalStateException("etcd /metrics failed: " + e, e);
    }
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private static <T> T join(Call<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException("raw jetcd call failed: " + e, e);
    }
  }

  @Override
  public void close() {
    etcd.close();
  }
}
