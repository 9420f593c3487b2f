package io.metastate.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one benchmark suite: {@code java -jar bench/target/metastate-bench.jar <suite> [--warmup=2s]
 * [--duration=5s] [--quick]} ({@code --quick}: a smoke run of a few seconds a suite, as CI does). Suites print one line per measurement and ratio lines against the raw client.
 */
public final class Main {
  private Main() {}

  /** A suite under its subcommand, with its line in the usage text. */
  record Entry(String name, String description, Suite suite) {}

  /** Every suite by subcommand. To add one: write a {@link Suite} class and add one line here. */
  static Map<String, Entry> suites() {
    Map<String, Entry> suites = new LinkedHashMap<>();
    for (Entry e : List.of(
        new Entry("localfile", "local-file provider vs raw MVStore put+commit+sync; group commit; lock cycles",
            new LocalFileSuite()),
        new Entry("demo", "a short tour of locks and meta-state on the local-file provider (store in ./metastate-demo)",
            new Demo()),
        new Entry("failover", "SIGKILL a primary node / the leader meta server under load, 20 rounds each"
            + " (-Dfailover.rounds)", new FailoverBench()),
        new Entry("zookeeper", "ZooKeeper provider vs raw Curator InterProcessMutex and setData().withVersion(), same"
            + " server", new ZooKeeperBench()),
        new Entry("etcd", "etcd provider vs raw jetcd Lock.lock/unlock, Txn CAS and KV.put, same etcd",
            new EtcdBench()),
        new Entry("postgresql", "PostgreSQL provider vs raw JDBC pg_advisory_lock/unlock and UPDATE ... WHERE"
            + " version = ?, same server", new PostgresBench()),
        new Entry("scale", "curves: lock contenders, held locks, watchers, tree size, meta-server partitions x nodes;"
            + " CSV + PNG charts", new io.metastate.bench.scale.ScaleSuite()))) {
      suites.put(e.name(), e);
    }
    return suites;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Entry> suites = suites();
    if (args.length == 0 || !suites.containsKey(args[0])) {
      System.err.println("usage: java -jar metastate-bench.jar <suite> [--warmup=2s] [--duration=5s] [--quick]");
      suites.values().forEach(s -> System.err.printf("  %-12s %s%n", s.name(), s.description()));
      System.exit(args.length == 0 ? 2 : 1);
      return;
    }
    Duration warmup = duration(System.getProperty("bench.warmup", "2s"));
    Duration duration = duration(System.getProperty("bench.duration", "5s"));
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--warmup=")) {
        warmup = duration(args[i].substring("--warmup=".length()));
      } else if (args[i].startsWith("--duration=")) {
        duration = duration(args[i].substring("--duration=".length()));
      } else if (args[i].equals("--quick")) {
        // A smoke run (CI runs every suite this way): every case runs, figures are printed but mean little.
        warmup = Duration.ofMillis(200);
        duration = Duration.ofMillis(600);
        System.setProperty("failover.rounds", System.getProperty("failover.rounds", "2"));
        System.setProperty("bench.quick", "true");
      } else {
        System.err.println("unknown option " + args[i] + "; accepted: --warmup=2s --duration=5s --quick");
        System.exit(2);
      }
    }
    Entry entry = suites.get(args[0]);
    Harness harness = new Harness(warmup, duration);
    if (!(entry.suite() instanceof Demo)) {
      System.out.printf("metastate bench %s: warm-up %s, measure %s per case, %d cpus, java %s%n", entry.name(),
        warmup, duration, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }
    entry.suite().run(harness);
    if (!harness.summary().isEmpty()) {
      System.out.println("summary:");
      harness.summary().forEach(line -> System.out.println("  " + line));
    }
    System.exit(0);
  }

  /** Parses {@code 500ms}, {@code 5s}, {@code 2m}. */
  static Duration duration(String raw) {
    String s = raw.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      } else if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a duration: '" + raw + "' (use 500ms, 5s or 2m)");
  }
}
