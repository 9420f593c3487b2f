package io.metastate.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One chart's data: named series of (x, y) points, with the axes' labels (units included) and whether an axis is
 * logarithmic (the x axes span decades). Written as {@code <id>.csv} (series,x,y) and drawn as {@code <id>.png}.
 */
final class Curve {
  final String id;
  final String title;
  final String xLabel;
  final String yLabel;
  final boolean logX;
  final boolean logY;
  final Map<String, List<double[]>> series = new LinkedHashMap<>();
  /** Target lines to draw across the chart: label → y. */
  final Map<String, Double> targets = new LinkedHashMap<>();

  Curve(String id, String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    this.id = id;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
    this.logY = logY;
  }

  /** Draws a horizontal target line at {@code y}, labelled. */
  Curve target(String label, double y) {
    targets.put(label, y);
    return this;
  }

  /** Adds a point to a series (created on first use, kept in the order first seen). */
  synchronized void add(String name, double x, double y) {
    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y});
  }

  /** Writes {@code <id>.csv}: a header naming the axes, then one row per point. */
  synchronized void writeCsv(Path dir) {
    StringBuilder out = new StringBuilder("series,").append(quote(xLabel)).append(',').append(quote(yLabel))
        .append('\n');
    series.forEach((name, points) -> points.forEach(p -> out.append(quote(name)).append(',')
        .append(number(p[0])).append(',').append(number(p[1])).append('\n')));
    try {
      Files.writeString(dir.resolve(id + ".csv"), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
