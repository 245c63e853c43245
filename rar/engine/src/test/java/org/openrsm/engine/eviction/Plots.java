package org.openrsm.engine.eviction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The eviction benchmark's figures as PNG plots (XChart), for src/docs. */
final class Plots {
    private Plots() {
    }

    /** Loads / optimum per policy (series) and trace (category). */
    static void policies(Map<String, Map<String, Double>> ratios, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1300).height(520)
                .title("Cartridge loads / Belady's optimum, 4 drives (lower is better)").xAxisTitle("trace")
                .yAxisTitle("loads / optimum").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(1.0);
        chart.getStyler().setYAxisMax(2.5);
        chart.getStyler().setAvailableSpaceFill(0.85);
        for (Map.Entry<String, Map<String, Double>> policy : ratios.entrySet()) {
            List<String> traces = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            policy.getValue().forEach((trace, ratio) -> {
                traces.add(shortName(trace));
                values.add(Math.min(ratio, 2.5));   // decayed frequency on moving working sets: 8-20, clipped
            });
            chart.addSeries(policy.getKey(), traces, values);
        }
        save(chart, file);
    }

    /** "working sets of 6, new every 300 mounts" → "sets of 6 / 300": short enough for an axis. */
    private static String shortName(String trace) {
        return trace.replace(", 200 cartridges, 5,000 mounts", "").replace("shifting popularity ", "shifting ")
                .replace(" phases)", ")").replace("working sets of ", "sets of ").replace(", new every ", " / ")
                .replace(" mounts", "").replace(" + scans of 20", " + scans");
    }

    /** Loads / optimum against the number of drives, one line per policy. */
    static void byDrives(int[] drives, Map<String, double[]> ratios, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title("Shifting popularity + scans: loads / optimum by number of drives").xAxisTitle("drives")
                .yAxisTitle("loads / optimum").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(1.0);
        double[] x = new double[drives.length];
        for (int i = 0; i < drives.length; i++) {
            x[i] = drives[i];
        }
        ratios.forEach((policy, y) -> chart.addSeries(policy, x, y));
        save(chart, file);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
