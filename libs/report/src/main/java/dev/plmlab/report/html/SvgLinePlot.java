package dev.plmlab.report.html;

import dev.plmlab.report.document.LinePlot;
import dev.plmlab.report.document.LinePlot.Curve;
import dev.plmlab.report.document.LinePlot.Level;
import dev.plmlab.report.document.LinePlot.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link LinePlot} as an inline SVG figure: nice ticks, a log x axis where asked, one polyline per curve with
 * markers (a tooltip per point with the exact mean ± std and n), ± std bands for ablations, dashed reference
 * levels with their bands, and a legend below the plot.
 */
final class SvgLinePlot {

    static final double WIDTH = 760;
    private static final double RIGHT = 28;
    private static final double TOP = 48;
    private static final double PLOT_HEIGHT = 300;
    private static final double LEGEND_ROW = 22;

    private SvgLinePlot() {
    }

    /** The figure for {@code plot}, whose svg has id {@code id} (already unique and safe). */
    static String render(LinePlot plot, String id) {
        List<Curve> curves = plot.curves() == null ? List.of() : plot.curves();
        List<Level> levels = plot.levels() == null ? List.of() : plot.levels();
        List<String> notes = new ArrayList<>();

        boolean log = plot.logX();
        if (log && curves.stream().flatMap(c -> points(c).stream())
                .anyMatch(p -> Double.isFinite(p.mean()) && Double.isFinite(p.x()) && p.x() <= 0)) {
            log = false;
            notes.add("Some x values are zero or negative, so x is on a linear scale, not a log scale.");
        }
        List<List<Point>> drawn = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            List<Point> kept = new ArrayList<>();
            for (Point p : points(curves.get(i))) {
                if (Double.isFinite(p.mean()) && Double.isFinite(p.x())) {
                    kept.add(p);
                } else {
                    skipped.add(label(curves.get(i).label(), "curve " + (i + 1)) + " at " + label(plot.xLabel(), "x")
                            + " " + where(p));
                }
            }
            kept.sort(Comparator.comparingDouble(Point::x));
            drawn.add(kept);
        }
        if (!skipped.isEmpty()) {
            int shown = Math.min(6, skipped.size());
            notes.add("No score (NaN), not drawn: " + String.join("; ", skipped.subList(0, shown))
                    + (skipped.size() > shown ? " and " + (skipped.size() - shown) + " more" : "") + ".");
        }
        if (drawn.stream().allMatch(List::isEmpty)) {
            return noData(plot, id, levels);
        }

        Axis xAxis = Axis.x(drawn, log);
        Axis yAxis = Axis.y(drawn, levels);
        List<Ticks.Tick> xTicks = xAxis.ticks();
        List<Ticks.Tick> yTicks = yAxis.ticks();

        double yLabelWidth = yTicks.stream().mapToDouble(t -> Svg.textWidth(t.label(), Svg.FONT)).max().orElse(0);
        double left = Math.ceil(34 + yLabelWidth);
        double bottom = TOP + PLOT_HEIGHT;
        Scale x = xAxis.scale(left, WIDTH - RIGHT);
        Scale y = yAxis.scale(bottom, TOP);

        // x tick labels: turned when they would collide
        double xLabelWidth = xTicks.stream().mapToDouble(t -> Svg.textWidth(t.label(), Svg.FONT)).max().orElse(0);
        double minGap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < xTicks.size(); i++) {
            minGap = Math.min(minGap, x.map(xTicks.get(i).value()) - x.map(xTicks.get(i - 1).value()));
        }
        boolean turned = xLabelWidth + 8 > minGap;
        double tickBand = turned ? xLabelWidth * Math.sin(Math.toRadians(35)) + 22 : 22;
        double xTitleY = bottom + tickBand + 18;

        // legend entries, flowed left to right under the plot
        List<LegendEntry> entries = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            boolean band = style(c).equals("ablation") && drawn.get(i).stream().anyMatch(p -> Double.isFinite(p.std()));
            entries.add(new LegendEntry(label(c.label(), "curve " + (i + 1)), style(c), Palette.curve(i), i, band));
        }
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            String text = label(l.label(), "level " + (i + 1)) + " (" + Ticks.fixed(l.mean(), 3)
                    + (Double.isFinite(l.std()) ? " ± " + Ticks.fixed(l.std(), 3) : "") + ")";
            entries.add(new LegendEntry(text, "level", Palette.level(i), i, Double.isFinite(l.std())));
        }
        double legendTop = xTitleY + 20;
        double cx = left;
        double cy = legendTop;
        List<double[]> positions = new ArrayList<>();
        for (LegendEntry e : entries) {
            double w = 40 + Svg.textWidth(e.text, Svg.FONT) + 22;
            if (cx > left && cx + w > WIDTH - RIGHT) {
                cx = left;
                cy += LEGEND_ROW;
            }
            positions.add(new double[] {cx, cy});
            cx += w;
        }
        double height = Math.ceil(cy + LEGEND_ROW);

        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plmlab-plot plmlab-lineplot\" id=\"").append(id)
                .append("\" width=\"").append(Svg.num(WIDTH)).append("\" height=\"").append(Svg.num(height))
                .append("\" viewBox=\"0 0 ").append(Svg.num(WIDTH)).append(' ').append(Svg.num(height))
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title\" font-size=\"12\" fill=\"")
                .append(Palette.INK).append("\">\n");
        svg.append(Svg.text(left, 26, "id=\"" + id + "-title\" class=\"plot-title\" font-size=\"15\" font-weight=\"600\"",
                plot.title())).append('\n');

        // grid
        svg.append("<g class=\"grid\" stroke=\"").append(Palette.GRID).append("\" stroke-width=\"1\">");
        for (Ticks.Tick t : yTicks) {
            double py = crisp(y.map(t.value()));
            svg.append("<line x1=\"").append(Svg.num(left)).append("\" x2=\"").append(Svg.num(WIDTH - RIGHT))
                    .append("\" y1=\"").append(Svg.num(py)).append("\" y2=\"").append(Svg.num(py)).append("\"/>");
        }
        for (Ticks.Tick t : xTicks) {
            double px = crisp(x.map(t.value()));
            svg.append("<line y1=\"").append(Svg.num(TOP)).append("\" y2=\"").append(Svg.num(bottom))
                    .append("\" x1=\"").append(Svg.num(px)).append("\" x2=\"").append(Svg.num(px)).append("\"/>");
        }
        svg.append("</g>\n");

        // reference levels: band, then a dashed line on whole pixels
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            if (!Double.isFinite(l.mean())) {
                continue;
            }
            String colour = Palette.level(i);
            String tip = label(l.label(), "level " + (i + 1)) + ": " + meanStd(l.mean(), l.std(), -1);
            svg.append("<g class=\"level\" data-series=\"").append(HtmlEscape.text(l.label())).append("\">");
            if (Double.isFinite(l.std())) {
                double y0 = y.map(l.mean() + Math.abs(l.std()));
                double y1 = y.map(l.mean() - Math.abs(l.std()));
                svg.append("<rect class=\"level-band\" x=\"").append(Svg.num(left)).append("\" y=\"")
                        .append(Svg.num(Math.round(y0))).append("\" width=\"").append(Svg.num(WIDTH - RIGHT - left))
                        .append("\" height=\"").append(Svg.num(Math.max(1, Math.round(y1) - Math.round(y0))))
                        .append("\" fill=\"").append(colour).append("\" fill-opacity=\"")
                        .append(Palette.LEVEL_BAND_OPACITY).append("\"><title>").append(HtmlEscape.text(tip))
                        .append("</title></rect>");
            }
            double py = Math.round(y.map(l.mean()));
            svg.append("<line class=\"level-line\" x1=\"").append(Svg.num(left)).append("\" x2=\"")
                    .append(Svg.num(WIDTH - RIGHT)).append("\" y1=\"").append(Svg.num(py)).append("\" y2=\"")
                    .append(Svg.num(py)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\" stroke-dasharray=\"8 5\"><title>").append(HtmlEscape.text(tip))
                    .append("</title></line></g>\n");
        }

        // ablation bands under every line
        for (int i = 0; i < curves.size(); i++) {
            if (!style(curves.get(i)).equals("ablation")) {
                continue;
            }
            for (List<Point> run : runsWithStd(drawn.get(i))) {
                if (run.size() < 2) {
                    continue;
                }
                StringBuilder pts = new StringBuilder();
                for (Point p : run) {
                    pts.append(Svg.num(x.map(p.x()))).append(',').append(Svg.num(y.map(p.mean() + Math.abs(p.std()))))
                            .append(' ');
                }
                for (int k = run.size() - 1; k >= 0; k--) {
                    Point p = run.get(k);
                    pts.append(Svg.num(x.map(p.x()))).append(',').append(Svg.num(y.map(p.mean() - Math.abs(p.std()))))
                            .append(k == 0 ? "" : " ");
                }
                svg.append("<polygon class=\"band\" data-series=\"").append(HtmlEscape.text(curves.get(i).label()))
                        .append("\" points=\"").append(pts).append("\" fill=\"").append(Palette.curve(i))
                        .append("\" fill-opacity=\"").append(Palette.BAND_OPACITY).append("\" stroke=\"none\"/>\n");
            }
        }

        // error bars where a band cannot show the spread (other styles, lone points)
        for (int i = 0; i < curves.size(); i++) {
            boolean ablation = style(curves.get(i)).equals("ablation");
            for (List<Point> run : runsWithStd(drawn.get(i))) {
                if (ablation && run.size() >= 2) {
                    continue;
                }
                for (Point p : run) {
                    double px = x.map(p.x());
                    double y0 = y.map(p.mean() + Math.abs(p.std()));
                    double y1 = y.map(p.mean() - Math.abs(p.std()));
                    svg.append("<path class=\"errbar\" d=\"M").append(Svg.num(px)).append(',').append(Svg.num(y0))
                            .append("V").append(Svg.num(y1)).append("M").append(Svg.num(px - 4)).append(',')
                            .append(Svg.num(y0)).append("h8M").append(Svg.num(px - 4)).append(',').append(Svg.num(y1))
                            .append("h8\" stroke=\"").append(Palette.curve(i)).append("\" stroke-width=\"1.5\" fill=\"none\"/>\n");
                }
            }
        }

        // lines, the model's own drawn last so it is on top
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            if (!style(curves.get(i)).equals("pretrained")) {
                order.add(i);
            }
        }
        for (int i = 0; i < curves.size(); i++) {
            if (style(curves.get(i)).equals("pretrained")) {
                order.add(i);
            }
        }
        for (int i : order) {
            List<Point> points = drawn.get(i);
            if (points.isEmpty()) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (Point p : points) {
                if (pts.length() > 0) {
                    pts.append(' ');
                }
                pts.append(Svg.num(x.map(p.x()))).append(',').append(Svg.num(y.map(p.mean())));
            }
            String style = style(curves.get(i));
            svg.append("<polyline class=\"curve ").append(style).append("\" data-series=\"")
                    .append(HtmlEscape.text(curves.get(i).label())).append("\" points=\"").append(pts)
                    .append("\" fill=\"none\" stroke=\"").append(Palette.curve(i)).append("\" ").append(SvgMarker.stroke(style))
                    .append(" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n");
        }
        for (int i : order) {
            String name = label(curves.get(i).label(), "curve " + (i + 1));
            for (Point p : drawn.get(i)) {
                String tip = name + ", " + label(plot.xLabel(), "x") + " " + where(p) + ": " + meanStd(p.mean(), p.std(), p.n());
                svg.append(SvgMarker.marker(i, x.map(p.x()), y.map(p.mean()), style(curves.get(i)).equals("pretrained") ? 4.5 : 4,
                        Palette.curve(i), tip)).append('\n');
            }
        }

        // axes, ticks, labels
        svg.append("<g class=\"axes\" stroke=\"").append(Palette.AXIS).append("\" stroke-width=\"1\" fill=\"none\">")
                .append("<path d=\"M").append(Svg.num(left - 0.5)).append(',').append(Svg.num(TOP)).append("V")
                .append(Svg.num(bottom + 0.5)).append("H").append(Svg.num(WIDTH - RIGHT)).append("\"/>");
        for (Ticks.Tick t : yTicks) {
            double py = crisp(y.map(t.value()));
            svg.append("<path d=\"M").append(Svg.num(left - 5)).append(',').append(Svg.num(py)).append("h5\"/>");
        }
        for (Ticks.Tick t : xTicks) {
            double px = crisp(x.map(t.value()));
            svg.append("<path d=\"M").append(Svg.num(px)).append(',').append(Svg.num(bottom)).append("v5\"/>");
        }
        svg.append("</g>\n<g class=\"tick-labels\">");
        for (Ticks.Tick t : yTicks) {
            svg.append(Svg.text(left - 8, y.map(t.value()) + 4, "text-anchor=\"end\"", t.label()));
        }
        for (Ticks.Tick t : xTicks) {
            double px = x.map(t.value());
            if (turned) {
                svg.append(Svg.text(px, bottom + 16, "text-anchor=\"end\" transform=\"rotate(-35 " + Svg.num(px) + " "
                        + Svg.num(bottom + 16) + ")\"", t.label()));
            } else {
                svg.append(Svg.text(px, bottom + 18, "text-anchor=\"middle\"", t.label()));
            }
        }
        svg.append("</g>\n");
        String xTitle = label(plot.xLabel(), "") + (log ? " (log scale)" : "");
        svg.append(Svg.text((left + WIDTH - RIGHT) / 2, xTitleY, "class=\"axis-title\" text-anchor=\"middle\" font-size=\"13\"",
                xTitle)).append('\n');
        double midY = (TOP + bottom) / 2;
        svg.append(Svg.text(14, midY, "class=\"axis-title\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 14 "
                + Svg.num(midY) + ")\" dominant-baseline=\"central\"", label(plot.yLabel(), ""))).append('\n');

        // legend
        svg.append("<g class=\"legend\">");
        for (int k = 0; k < entries.size(); k++) {
            LegendEntry e = entries.get(k);
            double ex = positions.get(k)[0];
            double ey = positions.get(k)[1];
            svg.append("<g class=\"legend-entry\">");
            if (e.band) {
                svg.append("<rect x=\"").append(Svg.num(ex)).append("\" y=\"").append(Svg.num(ey - 6))
                        .append("\" width=\"32\" height=\"12\" fill=\"").append(e.colour).append("\" fill-opacity=\"")
                        .append(e.style.equals("level") ? Palette.LEVEL_BAND_OPACITY : Palette.BAND_OPACITY).append("\"/>");
            }
            String lineStroke = e.style.equals("level") ? "stroke-width=\"2\" stroke-dasharray=\"8 5\"" : SvgMarker.stroke(e.style);
            svg.append("<line x1=\"").append(Svg.num(ex)).append("\" x2=\"").append(Svg.num(ex + 32)).append("\" y1=\"")
                    .append(Svg.num(ey)).append("\" y2=\"").append(Svg.num(ey)).append("\" stroke=\"").append(e.colour)
                    .append("\" ").append(lineStroke).append("/>");
            if (!e.style.equals("level")) {
                svg.append(SvgMarker.marker(e.index, ex + 16, ey, 4, e.colour, null));
            }
            svg.append(Svg.text(ex + 40, ey + 4, "", e.text)).append("</g>");
        }
        svg.append("</g>\n</svg>");

        StringBuilder figure = new StringBuilder(svg.length() + 256);
        figure.append("<figure class=\"plmlab-figure\">\n").append(svg).append('\n');
        if (!notes.isEmpty()) {
            figure.append("<figcaption class=\"plmlab-note\">").append(HtmlEscape.text(String.join(" ", notes)))
                    .append("</figcaption>\n");
        }
        return figure.append("</figure>\n").toString();
    }

    private record LegendEntry(String text, String style, String colour, int index, boolean band) {
    }

    private static String noData(LinePlot plot, String id, List<Level> levels) {
        StringBuilder note = new StringBuilder();
        note.append("<figure class=\"plmlab-figure\">\n<div class=\"plmlab-nodata\" id=\"").append(id)
                .append("\" role=\"note\"><strong>").append(HtmlEscape.text(plot.title())).append("</strong>: no data")
                .append(" (no curve has a score to plot)");
        List<String> known = new ArrayList<>();
        for (Level l : levels) {
            if (Double.isFinite(l.mean())) {
                known.add(label(l.label(), "level") + " " + meanStd(l.mean(), l.std(), -1));
            }
        }
        if (!known.isEmpty()) {
            note.append("; ").append(HtmlEscape.text(String.join("; ", known)));
        }
        return note.append(".</div>\n</figure>\n").toString();
    }

    private static List<Point> points(Curve c) {
        return c.points() == null ? List.of() : c.points();
    }

    private static String style(Curve c) {
        String s = c.style();
        return "pretrained".equals(s) || "ablation".equals(s) ? s : "other";
    }

    /** Consecutive points (in x order) that have a finite std. */
    private static List<List<Point>> runsWithStd(List<Point> points) {
        List<List<Point>> runs = new ArrayList<>();
        List<Point> run = new ArrayList<>();
        for (Point p : points) {
            if (Double.isFinite(p.std())) {
                run.add(p);
            } else if (!run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /** "0.6123 ± 0.0123 (n=3)", with six significant digits; n left out when negative. */
    static String meanStd(double mean, double std, int n) {
        String s = Ticks.significant(mean, 6) + (Double.isFinite(std) ? " ± " + Ticks.significant(std, 6) : "");
        return n < 0 ? s : s + " (n=" + n + ")";
    }

    /** How a point's x is written: its label, else the number. */
    private static String where(Point p) {
        return p.xLabel() == null || p.xLabel().isBlank() ? Ticks.significant(p.x(), 6) : p.xLabel();
    }

    private static String label(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    /** The centre of a pixel, so that 1 px lines are sharp. */
    private static double crisp(double v) {
        return Math.floor(v) + 0.5;
    }
}
