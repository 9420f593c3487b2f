package io.metastate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain benchmark harness: each measurement warms up for {@link #warmup()}, then runs its operation on N threads
 * for {@link #duration()} (or a fixed count), recording every operation's latency, and reports ops/s, p50 and p99.
 * Ratios between two results of the same run are printed as {@code label: ours/raw = 0.97 (target >= 0.9)}.
 *
 * <p>Settings: {@code --duration=5s}, {@code --warmup=2s} on the command line, or {@code -Dbench.duration},
 * {@code -Dbench.warmup}.
 */
public final class Harness {
  private final Duration warmup;
  private final Duration duration;
  private final List<String> ratioLines = new ArrayList<>();
  /** Ops/s of each round, for results of {@link #alternate}. */
  private final java.util.Map<Result, double[]> roundRates = new java.util.IdentityHashMap<>();
  private int missedTargets;

  public Harness(Duration warmup, Duration duration) {
    this.warmup = warmup;
    this.duration = duration;
  }

  public Duration warmup() {
    return warmup;
  }

  public Duration duration() {
    return duration;
  }

  /** Warms up, then measures {@code op} on {@code threads} threads for {@link #duration()}; prints the result. */
  public Result measure(String name, int threads, BenchOp op) throws Exception {
    phase(threads, op, warmup, Long.MAX_VALUE, null);
    List<long[]> latencies = new ArrayList<>();
    long[] counts = new long[threads];
    long start = System.nanoTime();
    phase(threads, op, duration, Long.MAX_VALUE, (t, lat, n) -> {
      synchronized (latencies) {
        latencies.add(Arrays.copyOf(lat, n));
      }
      counts[t] = n;
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    Result r = summarize(name, threads, latencies, Arrays.stream(counts).sum(), seconds);
    System.out.println(r);
    return r;
  }

  /** One case of {@link #alternate}: a named operation on a number of threads. */
  public record Case(String name, int threads, BenchOp op) {}

  /**
   * Measures several cases in alternation: each is warmed up, then they take turns in {@code rounds} slices of
   * {@link #duration()}/rounds each, so that background load on a shared machine hits them alike and their ratios
   * stay meaningful. Returns one aggregated result per case, in order, and prints each.
   */
  public List<Result> alternate(int rounds, List<Case> cases) throws Exception {
    for (Case c : cases) {
      phase(c.threads(), c.op(), warmup, Long.MAX_VALUE, null);
    }
    Duration slice = duration.dividedBy(rounds);
    List<List<long[]>> latencies = new ArrayList<>();
    long[] ops = new long[cases.size()];
    double[] seconds = new double[cases.size()];
    double[][] rates = new double[cases.size()][rounds];
    cases.forEach(c -> latencies.add(new ArrayList<>()));
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < cases.size(); k++) {
        Case c = cases.get(k);
        List<long[]> lat = latencies.get(k);
        long[] counts = new long[c.threads()];
        long start = System.nanoTime();
        phase(c.threads(), c.op(), slice, Long.MAX_VALUE, (t, l, n) -> {
          synchronized (lat) {
            lat.add(Arrays.copyOf(l, n));
          }
          counts[t] = n;
        });
        double took = (System.nanoTime() - start) / 1e9;
        long done = Arrays.stream(counts).sum();
        seconds[k] += took;
        ops[k] += done;
        rates[k][r] = done / took;
      }
    }
    List<Result> results = new ArrayList<>();
    for (int k = 0; k < cases.size(); k++) {
      Result res = summarize(cases.get(k).name(), cases.get(k).threads(), latencies.get(k), ops[k], seconds[k]);
      System.out.println(res);
      results.add(res);
      roundRates.put(res, rates[k]);
    }
    return results;
  }

  /** Measures exactly {@code count} operations per thread (after the usual warm-up); prints the result. */
  public Result measureCount(String name, int threads, long count, BenchOp op) throws Exception {
    phase(threads, op, warmup, Long.MAX_VALUE, null);
    List<long[]> latencies = new ArrayList<>();
    long start = System.nanoTime();
    phase(threads, op, Duration.ofDays(1), count, (t, lat, n) -> {
      synchronized (latencies) {
        latencies.add(Arrays.copyOf(lat, n));
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    Result r = summarize(name, threads, latencies, count * threads, seconds);
    System.out.println(r);
    return r;
  }

  /**
   * Prints {@code label: x (target >= t)} comparing ops/s, and remembers whether the target was met. For two results
   * of one {@link #alternate} run, x is the median of the per-round ratios: on a shared machine a burst of load
   * in one slice then moves one round, not the figure.
   */
  public double ratio(String label, Result ours, Result base, double target) {
    double ratio = medianRatio(ours, base);
    target(String.format(Locale.ROOT, "%s: %.2f (target >= %.2f)", label, ratio, target), ratio >= target);
    return ratio;
  }

  /** Prints {@code label: x (for reference, no target)}, x computed as {@link #ratio} does. */
  public double reference(String label, Result ours, Result base) {
    double ratio = medianRatio(ours, base);
    System.out.println(String.format(Locale.ROOT, "%s: %.2f (for reference, no target)", label, ratio));
    return ratio;
  }

  /** The median of per-round ratios for two results of one {@link #alternate} run, else the ratio of their rates. */
  private double medianRatio(Result ours, Result base) {
    double[] a = roundRates.get(ours);
    double[] b = roundRates.get(base);
    if (a != null && b != null && a.length == b.length) {
      double[] perRound = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        perRound[i] = a[i] / b[i];
      }
      Arrays.sort(perRound);
      int n = perRound.length;
      return n % 2 == 1 ? perRound[n / 2] : (perRound[n / 2 - 1] + perRound[n / 2]) / 2;
    }
    return ours.opsPerSecond() / base.opsPerSecond();
  }

  /** Prints an absolute target line, e.g. {@code lock cycles/s = 180000 (target >= 100000)}. */
  public void atLeast(String label, double value, double target) {
    target(String.format(Locale.ROOT, "%s = %.0f (target >= %.0f)", label, value, target), value >= target);
  }

  /** Prints an upper-bound target line, e.g. {@code watch delivery p99 = 4.1 ms (target <= 5 ms)  MET}. */
  public boolean atMost(String label, double value, double target, String unit) {
    return target(String.format(Locale.ROOT, "%s = %.3g %s (target <= %.3g %s)", label, value, unit, target, unit),
        value <= target);
  }

  /** Prints a target line with MET or MISSED after it, keeps it for the summary, and counts a miss. */
  private boolean target(String line, boolean met) {
    if (!met) {
      missedTargets++;
    }
    String full = line + (met ? "  MET" : "  MISSED");
    ratioLines.add(full);
    System.out.println(full);
    return met;
  }

  /** Every ratio and target line printed so far. */
  public List<String> summary() {
    return List.copyOf(ratioLines);
  }

  public int missedTargets() {
    return missedTargets;
  }

  private interface Sink {
    void accept(int thread, long[] latencies, int n);
  }

  private static void phase(int threads, BenchOp op, Duration length, long perThread, Sink sink)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        long[] lat = new long[1 << 16];
        int n = 0;
        try {
          ready.countDown();
          go.await();
          for (long i = 0; i < perThread && !stop.get(); i++) {
            long t0 = System.nanoTime();
            op.run(thread, i);
            long t1 = System.nanoTime();
            if (sink != null) {
              if (n == lat.length) {
                lat = Arrays.copyOf(lat, lat.length * 2);
              }
              lat[n++] = t1 - t0;
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          stop.set(true);
        } finally {
          if (sink != null) {
            sink.accept(thread, lat, n);
          }
          done.countDown();
        }
      }, "bench-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    ready.await();
    go.countDown();
    if (perThread == Long.MAX_VALUE) {
      if (!done.await(length.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
        stop.set(true);
      }
    }
    done.await();
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark operation failed: " + failure.get(), failure.get());
    }
  }

  private static Result summarize(String name, int threads, List<long[]> latencies, long ops, double seconds) {
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double p50 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.floor(all.length * 0.50))] / 1e3;
    double p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.floor(all.length * 0.99))] / 1e3;
    return new Result(name, threads, ops, seconds, p50, p99);
  }
}
