package dev.plmlab.report.html;

import dev.plmlab.report.document.LinePlot.Level;
import dev.plmlab.report.document.LinePlot.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The range and ticks of one axis of a line plot.
 *
 * @param ticks in increasing order
 * @param d0    the low end of the domain
 * @param d1    the high end
 * @param log   log10 scale
 */
record Axis(List<Ticks.Tick> ticks, double d0, double d1, boolean log) {

    /** Up to this many distinct x values, each labelled, are treated as categories (layers, model names). */
    static final int MAX_CATEGORIES = 12;

    /**
     * The x axis of {@code curves} (finite points, at least one): ticks at the data written with the points' own
     * labels where there are few distinct x values and each has one, else nice numbers over the range.
     */
    static Axis x(List<List<Point>> curves, boolean log) {
        TreeMap<Double, String> labelByX = new TreeMap<>();
        for (List<Point> points : curves) {
            for (Point p : points) {
                String label = p.xLabel() == null ? "" : p.xLabel().strip();
                String known = labelByX.get(p.x());
                if (known == null || (known.isEmpty() && !label.isEmpty())) {
                    labelByX.put(p.x(), label);
                }
            }
        }
        boolean categorical = labelByX.size() <= MAX_CATEGORIES && labelByX.values().stream().noneMatch(String::isEmpty);
        double min = labelByX.firstKey();
        double max = labelByX.lastKey();
        if (categorical) {
            List<Ticks.Tick> ticks = new ArrayList<>();
            for (Map.Entry<Double, String> e : labelByX.entrySet()) {
                ticks.add(new Ticks.Tick(e.getKey(), e.getValue()));
            }
            if (log) {
                double f = min == max ? 2 : Math.pow(max / min, 0.06);
                return new Axis(ticks, min / f, max * f, true);
            }
            double pad = min == max ? Math.max(0.5, Math.abs(min) * 0.1) : (max - min) * 0.06;
            return new Axis(ticks, min - pad, max + pad, false);
        }
        if (log) {
            double d0 = Math.pow(10, Math.floor(Math.log10(min)));
            double d1 = Math.pow(10, Math.ceil(Math.log10(max)));
            if (d1 <= d0) {
                d1 = d0 * 10;
            }
            return new Axis(Ticks.log(d0, d1), d0, d1, true);
        }
        double pad = min == max ? Math.max(0.5, Math.abs(min) * 0.1) : 0;
        return nice(min - pad, max + pad, 7);
    }

    /**
     * The y axis over every mean, band edge and level, padded by 4% (or 10% of the value where all are equal) and
     * widened to nice ticks.
     */
    static Axis y(List<List<Point>> curves, List<Level> levels) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Point> points : curves) {
            for (Point p : points) {
                double spread = Double.isFinite(p.std()) ? Math.abs(p.std()) : 0;
                lo = Math.min(lo, p.mean() - spread);
                hi = Math.max(hi, p.mean() + spread);
            }
        }
        for (Level level : levels) {
            if (Double.isFinite(level.mean())) {
                double spread = Double.isFinite(level.std()) ? Math.abs(level.std()) : 0;
                lo = Math.min(lo, level.mean() - spread);
                hi = Math.max(hi, level.mean() + spread);
            }
        }
        double pad = hi - lo <= 1e-12 * Math.max(1, Math.abs(hi)) ? (hi == 0 ? 0.1 : Math.abs(hi) * 0.1) : (hi - lo) * 0.04;
        return nice(lo - pad, hi + pad, 7);
    }

    Scale scale(double r0, double r1) {
        return new Scale(d0, d1, r0, r1, log);
    }

    private static Axis nice(double lo, double hi, int target) {
        List<Ticks.Tick> ticks = Ticks.linear(lo, hi, target);
        return new Axis(ticks, ticks.get(0).value(), ticks.get(ticks.size() - 1).value(), false);
    }
}
