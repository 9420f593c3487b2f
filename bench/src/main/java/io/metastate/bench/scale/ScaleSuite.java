package io.metastate.bench.scale;

import io.metastate.bench.Harness;
import io.metastate.bench.Suite;
import io.metastate.testing.Loopback;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scale}: how cost grows with the work, on every provider (the raw client beside it where one exists): lock
 * contenders, locks held by one session, watchers, tree size, and the meta server's partitions and nodes. Writes a CSV
 * and a PNG chart per curve under {@code bench/results/<date>/} (a {@code --quick} run: {@code <date>-quick/}), and
 * prints each target with MET or MISSED.
 */
public final class ScaleSuite implements Suite {
  @Override
  public void run(Harness harness) throws Exception {
    System.setProperty("java.awt.headless", "true");
    // the in-process meta server and nodes log at INFO; the figures are what this run prints
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
        "org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    boolean quick = Boolean.getBoolean("bench.quick");
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    Path out = Path.of(System.getProperty("bench.results", "bench/results"), date + (quick ? "-quick" : ""));
    Files.createDirectories(out);
    String load0 = loadAverage();
    long started = System.nanoTime();
    Path work = Loopback.tempDir("metastate-scale-work-");
    List<Backend> backends = new ArrayList<>();
    try {
      // -Dscale.providers=localfile,etcd runs those only (all three by default)
      String providers = System.getProperty("scale.providers", "localfile,zookeeper,etcd");
      if (providers.contains("localfile")) {
        backends.add(new LocalFileBackend());
      }
      if (providers.contains("zookeeper")) {
        backends.add(new ZooKeeperBackend());
      }
      if (providers.contains("etcd")) {
        backends.add(new EtcdBackend());
      }
      ScaleRun run = new ScaleRun(harness, quick, backends);
      section("lock", "one lock, many contenders", () -> new LockContentionCurve(run).run());
      section("held", "many locks held by one session", () -> new HeldLocksCurve(run).run());
      section("watch", "many watchers on one subtree", () -> new WatchersCurve(run).run());
      section("tree", "tree size", () -> new TreeSizeCurve(run).run());
      section("meta", "meta server: partitions x nodes", () -> new MetaServerCurve(run).run(work));
      String command = "java -jar bench/target/metastate-bench.jar scale" + (quick ? " --quick" : String.format(
          Locale.ROOT, " --duration=%ss --warmup=%ss", harness.duration().toMillis() / 1000.0,
          harness.warmup().toMillis() / 1000.0));
      String subtitle = String.format(Locale.ROOT, "%s  |  %s UTC, %d cpus, load %s", command, date,
          Runtime.getRuntime().availableProcessors(), load0);
      for (Curve c : run.curves) {
        c.writeCsv(out);
        Chart.write(c, out, subtitle);
      }
      List<String> lines = new ArrayList<>();
      lines.add("command: " + command);
      lines.add(String.format(Locale.ROOT, "date: %s; cpus: %d; java %s; took %.0f s", date,
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
          (System.nanoTime() - started) / 1e9));
      lines.add("load average (1, 5, 15 min) at start: " + load0 + "; at end: " + loadAverage());
      lines.add("");
      lines.addAll(run.figures);
      lines.add("");
      lines.addAll(harness.summary());
      Files.write(out.resolve("run.txt"), lines);
      System.out.printf("%nwrote %d charts (CSV + PNG) and run.txt to %s; load average at start %s, at end %s%n",
          run.curves.size(), out.toAbsolutePath(), load0, loadAverage());
    } finally {
      for (Backend b : backends) {
        b.close();
      }
      Loopback.deleteTree(work);
    }
  }

  /** {@code -Dscale.only=lock,meta} runs only those curves (lock, held, watch, tree, meta); all by default. */
  private static boolean selected(String curve) {
    String only = System.getProperty("scale.only", "");
    return only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(curve);
  }

  /** Runs one curve under its title, if {@code -Dscale.only} selects it. */
  private static void section(String curve, String title, CurveRun body) throws Exception {
    if (selected(curve)) {
      System.out.printf("%n== scale: %s%n", title);
      body.run();
    }
  }

  private interface CurveRun {
    void run() throws Exception;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
