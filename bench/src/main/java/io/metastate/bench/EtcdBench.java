package io.metastate.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.PutOption;
import io.metastate.CoordinationClient;
import io.metastate.bench.Harness.Case;
import io.metastate.etcd.EtcdClients;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The etcd provider against raw jetcd on the same etcd (ETCD_ENDPOINTS, or a local etcd on 127.0.0.1), same run,
 * cases taking turns: lock acquire+release on one client and with 4 contending clients (raw: the v3lock service,
 * Lock.lock/unlock on a granted lease), a CAS set (raw: a Txn comparing the version), and writes from one client,
 * ours pipelined through the async API against raw pipelined Txns (exists? then put: what a set must do). Targets:
 * uncontended lock and CAS ours/raw >= 0.95; contended lock ours/raw >= 2 (raw waiters start their watch in the
 * past and wait for etcd's 100 ms catch-up loop; ours start right after the revision they read); pipelined writes
 * ours/raw pipelined Txn >= 0.95. Bare KV.put (pipelined and sequential) is printed for reference only: a put
 * checks nothing, so it is no baseline for a set.
 */
final class EtcdBench implements Suite {
  private static final byte[] VALUE = new byte[100];
  private static final int CLIENTS = 4;
  private static final int PIPELINE = 64;
  private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  @Override
  public void run(Harness h) throws Exception {
    List<CoordinationClient> ours = new ArrayList<>();
    List<Client> raw = new ArrayList<>();
    try (EtcdCluster etcd = EtcdServers.start()) {
      try {
        measure(h, etcd, ours, raw);
      } finally {
        // before etcd stops, so that every close can revoke its lease
        ours.forEach(CoordinationClient::close);
        raw.forEach(Client::close);
      }
    }
  }

  private void measure(Harness h, EtcdCluster etcd, List<CoordinationClient> ours, List<Client> raw)
      throws Exception {
    {
      String[] endpoints = etcd.endpoints().toArray(String[]::new);
      long[] leases = new long[CLIENTS];
      for (int i = 0; i < CLIENTS; i++) {
        ours.add(EtcdClients.builder().endpoints(endpoints).namespace("bench-ours/").ownerId("bench-" + i)
            .sessionTtl(Duration.ofSeconds(10)).open());
        Client c = Client.builder().endpoints(endpoints).build();
        raw.add(c);
        leases[i] = c.getLeaseClient().grant(600).get().getID(); // outlives the run: no keep-alive needed
      }
      MetaStateService state = ours.get(0).state();
      state.create("/cas", VALUE, CreateMode.PERSISTENT);
      state.create("/pipelined", VALUE, CreateMode.PERSISTENT);
      ByteSequence rawCas = bytes("bench-raw/cas");
      ByteSequence value = ByteSequence.from(VALUE);
      raw.get(0).getKVClient().put(rawCas, value).get();
      ByteSequence rawTxnKey = bytes("bench-raw/pipelined-txn");
      raw.get(0).getKVClient().put(rawTxnKey, value).get();
      long[] ourVersion = {0};
      long[] rawVersion = {1};
      ByteSequence soloName = bytes("bench-raw/solo");
      ByteSequence contendedName = bytes("bench-raw/contended");

      BenchOp rawTxnBatch = (t, i) -> {
        CompletableFuture<?>[] batch = new CompletableFuture<?>[PIPELINE];
        for (int k = 0; k < PIPELINE; k++) {
          // what a set must ask of etcd: the node exists (else read it, to say why), put, return the previous
          // version (the new stat is computed from it)
          batch[k] = raw.get(0).getKVClient().txn()
              .If(new Cmp(rawTxnKey, Cmp.Op.GREATER, CmpTarget.createRevision(0)))
              .Then(io.etcd.jetcd.op.Op.put(rawTxnKey, value, PutOption.builder().withPrevKV().build()))
              .Else(io.etcd.jetcd.op.Op.get(rawTxnKey, io.etcd.jetcd.options.GetOption.DEFAULT)).commit();
        }
        CompletableFuture.allOf(batch).get();
      };
      BenchOp oursBatch = (t, i) -> {
        CompletableFuture<?>[] batch = new CompletableFuture<?>[PIPELINE];
        for (int k = 0; k < PIPELINE; k++) {
          batch[k] = state.async().set("/pipelined", VALUE, MetaStateService.ANY_VERSION).toCompletableFuture();
        }
        CompletableFuture.allOf(batch).get();
      };
      String only = System.getProperty("etcd.only", "");
      if (!only.isEmpty()) {
        // for a profiler (JFR): one case alone, so that every sample belongs to it
        java.util.Map<String, Double> before = grpcCalls(endpoints[0]);
        Result alone = h.measure("only: " + only, 1, only.equals("raw-txn") ? rawTxnBatch : oursBatch);
        java.util.Map<String, Double> after = grpcCalls(endpoints[0]);
        after.forEach((method, n) -> System.out.printf(java.util.Locale.ROOT, "  etcd %s calls handled: %.0f%n",
            method, n - before.getOrDefault(method, 0.0)));
        System.out.printf("  (warm-up and measured phase together; measured batches: %d of %d writes)%n",
            alone.ops(), PIPELINE);
        return;
      }

      List<Result> r = h.alternate(5, List.of(
          new Case("raw jetcd Lock.lock+unlock, 1 client", 1, (t, i) -> {
            ByteSequence key = raw.get(0).getLockClient().lock(soloName, leases[0]).get().getKey();
            raw.get(0).getLockClient().unlock(key).get();
          }),
          new Case("metastate lock acquire+release, 1 client", 1,
              (t, i) -> ours.get(0).locks().acquire("solo", LOCK_WAIT).orElseThrow().release()),
          new Case("raw jetcd Lock.lock+unlock, 4 contending clients", CLIENTS, (t, i) -> {
            ByteSequence key = raw.get(t).getLockClient().lock(contendedName, leases[t]).get().getKey();
            raw.get(t).getLockClient().unlock(key).get();
          }),
          new Case("metastate lock, 4 contending clients", CLIENTS,
              (t, i) -> ours.get(t).locks().acquire("contended", LOCK_WAIT).orElseThrow().release()),
          new Case("raw jetcd Txn CAS (compare version, put)", 1, (t, i) -> {
            boolean ok = raw.get(0).getKVClient().txn()
                .If(new Cmp(rawCas, Cmp.Op.EQUAL, CmpTarget.version(rawVersion[0])))
                .Then(io.etcd.jetcd.op.Op.put(rawCas, value, PutOption.DEFAULT)).commit().get().isSucceeded();
            if (!ok) {
              throw new IllegalStateException("raw CAS lost its version");
            }
            rawVersion[0]++;
          }),
          new Case("metastate CAS set (expected version)", 1,
              (t, i) -> ourVersion[0] = state.set("/cas", VALUE, ourVersion[0]).version()),
          new Case("raw jetcd sequential KV.put", 1,
              (t, i) -> raw.get(0).getKVClient().put(bytes("bench-raw/seq"), value).get()),
          new Case("raw jetcd async KV.put, " + PIPELINE + " in flight (per batch)", 1, (t, i) -> {
            CompletableFuture<?>[] batch = new CompletableFuture<?>[PIPELINE];
            for (int k = 0; k < PIPELINE; k++) {
              batch[k] = raw.get(0).getKVClient().put(bytes("bench-raw/pipelined"), value);
            }
            CompletableFuture.allOf(batch).get();
          }),
          new Case("raw jetcd async Txn (exists? put with prevKV), " + PIPELINE + " in flight (per batch)", 1, rawTxnBatch),
          new Case("metastate async set, " + PIPELINE + " in flight (per batch)", 1, oursBatch)));
      h.ratio("lock acquire+release, 1 client: ours/raw jetcd Lock", r.get(1), r.get(0), 0.95);
      h.ratio("lock, 4 contending: ours/raw jetcd Lock", r.get(3), r.get(2), 2.0);
      h.ratio("CAS set: ours/raw jetcd Txn", r.get(5), r.get(4), 0.95);
      Result pipelined = r.get(9);
      Result rawTxn = r.get(8);
      Result rawPipelined = r.get(7);
      System.out.println(perWrite("raw jetcd async Txn (exists? put with prevKV), pipelined (per write)", rawTxn));
      System.out.println(perWrite("raw jetcd async KV.put, pipelined (per write), for reference", rawPipelined));
      Result writes = perWrite("metastate async set, pipelined (per write)", pipelined);
      System.out.println(writes);
      // The fair baseline is a pipelined Txn: a set must check that the node exists, which a bare put cannot.
      h.ratio("pipelined writes from one client: ours/raw pipelined Txn", pipelined, rawTxn, 0.95);
      h.reference("pipelined writes: ours/raw pipelined bare KV.put", pipelined, rawPipelined);
      System.out.printf(java.util.Locale.ROOT, "pipelined writes: ours/raw sequential KV.put: %.2f (for reference, "
          + "no target)%n", writes.opsPerSecond() / r.get(6).opsPerSecond());
    }
  }

  /** etcd's count of handled gRPC calls by method, from its /metrics page. */
  private static java.util.Map<String, Double> grpcCalls(String endpoint) throws Exception {
    String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(endpoint + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    java.util.Map<String, Double> calls = new java.util.TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("grpc_server_handled_total{")) {
        String method = line.replaceAll(".*grpc_method=\"([^\"]+)\".*", "$1");
        calls.merge(method, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
      }
    }
    return calls;
  }

  private static Result perWrite(String name, Result batches) {
    return new Result(name, 1, batches.ops() * PIPELINE, batches.seconds(), batches.p50Micros(),
        batches.p99Micros());
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
