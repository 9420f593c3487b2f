package io.metastate.bench.scale;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws a {@link Curve} as a PNG line chart with JFreeChart, headless. */
final class Chart {
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};

  private static final java.util.Map<String, Color> PROVIDER_COLORS = java.util.Map.of(
      "localfile", new Color(0x1f77b4), "zookeeper", new Color(0xd62728), "etcd", new Color(0x2ca02c));

  private Chart() {}

  /** Writes {@code <id>.png} (900x560) into {@code dir}; {@code subtitle} says how the figures were made. */
  static void write(Curve curve, Path dir, String subtitle) {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    boolean positive = true;
    for (var e : curve.series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      for (double[] p : e.getValue()) {
        s.add(p[0], p[1]);
        positive &= p[1] > 0;
      }
      data.addSeries(s);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      String name = data.getSeriesKey(i).toString();
      // a provider keeps its colour on every chart; its raw client is the same colour, dashed
      Color provider = PROVIDER_COLORS.get(name.split(" ")[0]);
      renderer.setSeriesPaint(i, provider != null ? provider : COLORS[i % COLORS.length]);
      float width = name.contains("notifications") ? 1.2f : 2f;
      renderer.setSeriesStroke(i, name.contains("raw") ? new BasicStroke(width, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f) : new BasicStroke(width));
    }
    XYPlot plot = new XYPlot(data, axis(curve.xLabel, curve.logX, true), axis(curve.yLabel, curve.logY && positive,
        false), renderer);
    curve.targets.forEach((label, y) -> {
      ValueMarker m = new ValueMarker(y, new Color(0xb00000), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
      m.setLabel(label);
      m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      m.setLabelPaint(new Color(0xb00000));
      m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(m);
    });
    if (!curve.targets.isEmpty() && data.getSeriesCount() > 0) {
      // stretch the value axis so that every target line shows, however far the figures are from it
      ValueAxis range = plot.getRangeAxis();
      double lo = range.getLowerBound();
      double hi = range.getUpperBound();
      for (double y : curve.targets.values()) {
        lo = Math.min(lo, y / 1.5);
        hi = Math.max(hi, y * 1.5);
      }
      range.setRange(range instanceof LogAxis ? lo : Math.min(0, lo), hi);
    }
    if (plot.getRangeAxis() instanceof LogAxis log) {
      // a value axis spanning under two decades gets a tick at every doubling, or it would show one label or none
      double span = Math.log10(log.getUpperBound() / log.getLowerBound());
      if (span < 2) {
        log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(Math.log10(2)));
        log.setMinorTickCount(1);
      }
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(curve.title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
    chart.setBackgroundPaint(Color.WHITE);
    try {
      ChartUtils.saveChartAsPNG(dir.resolve(curve.id + ".png").toFile(), chart, 900, 560);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ValueAxis axis(String label, boolean log, boolean x) {
    if (log) {
      LogAxis axis = new LogAxis(label);
      axis.setBase(10);
      axis.setSmallestValue(x ? 0.5 : 1e-3);
      axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
      // one labelled tick per decade, minor ticks between: odd values such as 63.096 otherwise label the axis
      axis.setAutoTickUnitSelection(false);
      axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
      axis.setMinorTickCount(9);
      axis.setMinorTickMarksVisible(true);
      return axis;
    }
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(!x);
    return axis;
  }
}
