package dev.gradstream.report;

import dev.gradstream.core.metrics.ClassCurve;
import dev.gradstream.core.metrics.ClassificationReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn by XChart and encoded as PNG bytes. One static method per chart. */
final class ReportCharts {

    static final int WIDTH = 640;
    static final int HEIGHT = 420;

    /** One colour per backend, the same on every chart; further backends cycle through the rest. */
    private static final Color[] BACKEND_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd)};
    private static final Color[] CLASS_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private ReportCharts() {
    }

    /**
     * Train (solid) and validation (dashed) per epoch of every run, one colour per run; {@code quantity} is
     * "loss" or "accuracy". Null when no run has a finished epoch.
     */
    static byte[] epochCurves(List<RunFiles> runs, String quantity, String title) {
        XYChart chart = xy(title, "epoch", quantity);
        for (int r = 0; r < runs.size(); r++) {
            RunFiles run = runs.get(r);
            if (run.epochs() == null || run.epochs().rows() == 0) {
                continue;
            }
            double[] epoch = run.epochs().doubles("epoch");
            Color colour = BACKEND_COLOURS[r % BACKEND_COLOURS.length];
            double[][] train = finitePoints(epoch, run.epochs().doubles("train_" + quantity));
            double[][] validation = finitePoints(epoch, run.epochs().doubles("validation_" + quantity));
            // Backends that agree draw on top of each other: earlier runs wider, so that each stays visible.
            float width = Math.max(1f, 4f - 1.5f * r);
            if (train[0].length > 0) {
                line(chart, run.backend() + " train", train[0], train[1], colour, false, true, width);
            }
            if (validation[0].length > 0) {
                line(chart, run.backend() + " validation", validation[0], validation[1], colour, true, true, width);
            }
        }
        return chart.getSeriesMap().isEmpty() ? null : png(chart);
    }

    /** Every mini-batch's loss against the global step, one colour per run; null when there is none. */
    static byte[] batchLoss(List<RunFiles> runs, String title) {
        XYChart chart = xy(title, "optimizer step", "mini-batch loss");
        for (int r = 0; r < runs.size(); r++) {
            RunFiles run = runs.get(r);
            if (run.batches() == null || run.batches().rows() == 0) {
                continue;
            }
            double[][] points = finitePoints(run.batches().doubles("step"), run.batches().doubles("loss"));
            if (points[0].length == 0) {
                continue;
            }
            line(chart, run.backend(), points[0], points[1], BACKEND_COLOURS[r % BACKEND_COLOURS.length], false, false,
                    r == 0 ? 2.5f : 1f);
        }
        return chart.getSeriesMap().isEmpty() ? null : png(chart);
    }

    /** A chart of rates: x from 0 to 1, y from 0 to {@code yMax}. */
    private static XYChart unitSquare(String title, String xTitle, String yTitle, double yMax,
                                      Styler.LegendPosition legend) {
        XYChart chart = xy(title, xTitle, yTitle);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(yMax);
        chart.getStyler().setLegendPosition(legend);
        return chart;
    }

    /** One-vs-rest ROC curve of every class and the macro curve, with the diagonal of chance. */
    static byte[] roc(RunFiles run, ClassificationReport report) {
        XYChart chart = unitSquare("ROC, test split: " + run.backend(), "false positive rate", "true positive rate",
                1.0, Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        for (ClassCurve c : report.curves()) {
            line(chart, String.format(Locale.ROOT, "%s (AUC %.3f)", run.className(c.classIndex()), c.rocAuc()), c.fpr(),
                    c.tpr(), CLASS_COLOURS[c.classIndex() % CLASS_COLOURS.length], false, false);
        }
        double[][] macro = MacroCurves.roc(report.curves());
        if (macro[0].length > 0) {
            line(chart, String.format(Locale.ROOT, "macro (AUC %.3f)", report.rocAucMacro()), macro[0], macro[1],
                    Color.BLACK, false, false, 3f);
        }
        line(chart, "chance", new double[] {0, 1}, new double[] {0, 1}, Color.GRAY, true, false);
        return png(chart);
    }

    /** Precision-recall curve of every class and the macro curve. */
    static byte[] precisionRecall(RunFiles run, ClassificationReport report) {
        XYChart chart = unitSquare("Precision-recall, test split: " + run.backend(), "recall", "precision", 1.02,
                Styler.LegendPosition.InsideSW);
        for (ClassCurve c : report.curves()) {
            line(chart, String.format(Locale.ROOT, "%s (AP %.3f)", run.className(c.classIndex()), c.averagePrecision()),
                    c.recall(), c.precision(), CLASS_COLOURS[c.classIndex() % CLASS_COLOURS.length], false, false);
        }
        double[][] macro = MacroCurves.precisionRecall(report.curves());
        if (macro[0].length > 0) {
            line(chart, String.format(Locale.ROOT, "macro (AP %.3f)", report.prAucMacro()), macro[0], macro[1],
                    Color.BLACK, false, false, 3f);
        }
        return png(chart);
    }

    /** The confusion matrix as a heat map with the counts written in; true class top to bottom. */
    static byte[] confusion(RunFiles run, ClassificationReport report) {
        int k = report.numClasses();
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(WIDTH, 80 * k + 200)).height(Math.max(HEIGHT, 60 * k + 120))
                .title("Confusion matrix, test split: " + run.backend()).xAxisTitle("predicted class")
                .yAxisTitle("true class").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        chart.getStyler().setValueFontColor(new Color(0xd62728));
        List<String> predicted = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            predicted.add(run.className(c));
            actual.add(run.className(c));
        }
        Collections.reverse(actual);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, report.confusion(t, p)});
            }
        }
        chart.addSeries("confusion", predicted, actual, cells);
        return png(chart);
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color colour, boolean dashed,
                                 boolean markers) {
        return line(chart, name, x, y, colour, dashed, markers, 2f);
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color colour, boolean dashed,
                                 boolean markers, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineStyle(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(width));
        return s;
    }

    /** {x, y} without the points whose y is NaN or infinite (a diverged run's last losses): they would break the axes. */
    static double[][] finitePoints(double[] x, double[] y) {
        int n = 0;
        for (double v : y) {
            n += Double.isFinite(v) ? 1 : 0;
        }
        double[] fx = new double[n];
        double[] fy = new double[n];
        for (int i = 0, j = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                fx[j] = x[i];
                fy[j++] = y[i];
            }
        }
        return new double[][] {fx, fy};
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a chart as PNG", e);
        }
    }
}
