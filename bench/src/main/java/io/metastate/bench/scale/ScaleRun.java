package io.metastate.bench.scale;

import io.metastate.bench.Harness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * What every curve of one {@code scale} run shares: the harness (for target lines), whether it is a {@code --quick}
 * smoke run (each curve cut to its smallest points, short phases), the backends, and the curves drawn so far.
 */
final class ScaleRun {
  final Harness harness;
  final boolean quick;
  final List<Backend> backends;
  final List<Curve> curves = new ArrayList<>();
  /** One figure per line, for the table at the end: what, where, the figure. */
  final List<String> figures = new ArrayList<>();

  ScaleRun(Harness harness, boolean quick, List<Backend> backends) {
    this.harness = harness;
    this.quick = quick;
    this.backends = backends;
  }

  /** The points of a curve: all of them, or in a quick run the smallest {@code quickCount}. */
  int[] points(int quickCount, int... all) {
    return quick ? java.util.Arrays.copyOf(all, quickCount) : all;
  }

  /** How long one point's measured phase lasts: the harness's duration, at most 1 s in a quick run. */
  Duration phase() {
    Duration d = harness.duration();
    return quick ? (d.compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500) : d) : d;
  }

  /** The warm-up before a point's measured phase. */
  Duration warmup() {
    return quick ? Duration.ofMillis(100) : harness.warmup();
  }

  Curve curve(String id, String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    Curve c = new Curve(id, title, xLabel, yLabel, logX, logY);
    curves.add(c);
    return c;
  }

  /** Prints and keeps one measured figure. */
  void figure(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    figures.add(line);
    System.out.println("  " + line);
  }

  /** Runs {@code body} for each backend, naming it first. */
  void eachBackend(BackendBody body) throws Exception {
    for (Backend b : backends) {
      body.run(b);
    }
  }

  /** A curve's work on one backend. */
  interface BackendBody {
    void run(Backend backend) throws Exception;
  }

  static <T> List<T> list(int n, IntFunction<T> make) {
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(make.apply(i));
    }
    return out;
  }
}
