package dev.plmlab.report.html;

import dev.plmlab.report.document.Heatmap;
import java.util.List;

/**
 * A {@link Heatmap} as an inline SVG figure: one cell per value on the viridis scale from the smallest to the
 * largest finite value, the value written in the cell, hatched grey "–" cells where there is none, row and column
 * labels and a colour bar.
 */
final class SvgHeatmap {

    private static final double CELL_HEIGHT = 30;
    private static final double MAX_ROW_LABEL = 280;
    private static final double BAR_WIDTH = 14;

    private SvgHeatmap() {
    }

    /** The figure for {@code map}, whose svg has id {@code id} (already unique and safe). */
    static String render(Heatmap map, String id) {
        List<String> rows = map.rows();
        List<String> columns = map.columns();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean missing = false;
        for (double[] row : map.values()) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                } else {
                    missing = true;
                }
            }
        }
        if (!(max >= min)) {
            return "<figure class=\"plmlab-figure\">\n<div class=\"plmlab-nodata\" id=\"" + id + "\" role=\"note\"><strong>"
                    + HtmlEscape.text(map.title()) + "</strong>: no data (no cell has a score).</div>\n</figure>\n";
        }

        int maxChars = (int) Math.floor(MAX_ROW_LABEL / Svg.textWidth("x", Svg.FONT));
        double rowLabelWidth = rows.stream().mapToDouble(r -> Svg.textWidth(shorten(r, maxChars), Svg.FONT)).max().orElse(0);
        double left = Math.ceil(16 + rowLabelWidth + 10);
        double columnLabelWidth = columns.stream().mapToDouble(c -> Svg.textWidth(shorten(c, maxChars), Svg.FONT))
                .max().orElse(0);
        double cellWidth = Math.ceil(Math.max(64, Math.min(120, columnLabelWidth + 16)));
        boolean turned = columnLabelWidth + 8 > cellWidth;
        double columnBand = turned ? columnLabelWidth * Math.sin(Math.toRadians(40)) + 18 : 24;
        double top = Math.ceil(46 + columnBand);
        double gridRight = left + columns.size() * cellWidth;
        double gridBottom = top + rows.size() * CELL_HEIGHT;

        double barX = gridRight + 28;
        double barTop = top + 16;
        double barHeight = Math.max(rows.size() * CELL_HEIGHT - 16, 110);
        double[] legendValues = max > min ? new double[] {max, (3 * max + min) / 4, (max + min) / 2, (max + 3 * min) / 4, min}
                : new double[] {max};
        double legendLabelWidth = 0;
        for (double v : legendValues) {
            legendLabelWidth = Math.max(legendLabelWidth, Svg.textWidth(Ticks.fixed(v, 3), Svg.FONT));
        }
        double width = Math.max(barX + BAR_WIDTH + 8 + Math.max(legendLabelWidth, 60) + 12,
                16 + Svg.textWidth(map.title(), 15));
        width = Math.max(width, barX + Svg.textWidth(map.valueLabel(), Svg.FONT) + 12);
        if (turned) {
            width = Math.max(width, left + (columns.size() - 0.5) * cellWidth
                    + columnLabelWidth * Math.cos(Math.toRadians(40)) + 12);
        }
        double height = Math.ceil(Math.max(gridBottom, barTop + barHeight + (missing ? 40 : 0)) + 16);

        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plmlab-plot plmlab-heatmap\" id=\"").append(id)
                .append("\" width=\"").append(Svg.num(Math.ceil(width))).append("\" height=\"").append(Svg.num(height))
                .append("\" viewBox=\"0 0 ").append(Svg.num(Math.ceil(width))).append(' ').append(Svg.num(height))
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title\" font-size=\"12\" fill=\"")
                .append(Palette.INK).append("\">\n");
        svg.append("<defs><linearGradient id=\"").append(id).append("-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        List<String> stops = Palette.viridisStops();
        for (int i = 0; i < stops.size(); i++) {
            svg.append("<stop offset=\"").append(Svg.num(i / (double) (stops.size() - 1))).append("\" stop-color=\"")
                    .append(stops.get(i)).append("\"/>");
        }
        svg.append("</linearGradient><pattern id=\"").append(id).append("-missing\" width=\"6\" height=\"6\" ")
                .append("patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"")
                .append(Palette.MISSING).append("\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"")
                .append(Palette.MISSING_HATCH).append("\" stroke-width=\"2\"/></pattern></defs>\n");
        svg.append(Svg.text(16, 26, "id=\"" + id + "-title\" class=\"plot-title\" font-size=\"15\" font-weight=\"600\"",
                map.title())).append('\n');

        svg.append("<g class=\"column-labels\">");
        for (int c = 0; c < columns.size(); c++) {
            double cx = left + (c + 0.5) * cellWidth;
            String label = shorten(columns.get(c), maxChars);
            if (turned) {
                svg.append(Svg.text(cx, top - 10, "text-anchor=\"start\" transform=\"rotate(-40 " + Svg.num(cx) + " "
                        + Svg.num(top - 10) + ")\"", label));
            } else {
                svg.append(Svg.text(cx, top - 10, "text-anchor=\"middle\"", label));
            }
        }
        svg.append("</g>\n<g class=\"row-labels\">");
        for (int r = 0; r < rows.size(); r++) {
            svg.append(Svg.text(left - 10, top + (r + 0.5) * CELL_HEIGHT + 4, "text-anchor=\"end\"",
                    shorten(rows.get(r), maxChars)));
        }
        svg.append("</g>\n<g class=\"cells\">\n");
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                double v = map.values()[r][c];
                boolean finite = Double.isFinite(v);
                String fill = finite ? Palette.viridis(max > min ? (v - min) / (max - min) : 0.5) : null;
                double x = left + c * cellWidth;
                double y = top + r * CELL_HEIGHT;
                svg.append("<g class=\"cell").append(finite ? "" : " missing").append("\"><title>")
                        .append(HtmlEscape.text(rows.get(r) + " · " + columns.get(c) + ": "
                                + (finite ? Ticks.significant(v, 6) : "no score")))
                        .append("</title><rect x=\"").append(Svg.num(x)).append("\" y=\"").append(Svg.num(y))
                        .append("\" width=\"").append(Svg.num(cellWidth)).append("\" height=\"").append(Svg.num(CELL_HEIGHT))
                        .append("\" fill=\"").append(finite ? fill : "url(#" + id + "-missing)")
                        .append("\" stroke=\"#FFFFFF\" stroke-width=\"2\"/>");
                String ink = !finite || Palette.isLight(fill) ? "#1A1A1A" : "#FFFFFF";
                svg.append(Svg.text(x + cellWidth / 2, y + CELL_HEIGHT / 2 + 4, "text-anchor=\"middle\" fill=\"" + ink
                        + "\"" + (finite ? "" : " class=\"missing-mark\""), finite ? Ticks.fixed(v, 3) : "–"));
                svg.append("</g>\n");
            }
        }
        svg.append("</g>\n");

        svg.append("<g class=\"colour-legend\">");
        svg.append(Svg.text(barX, barTop - 8, "", map.valueLabel() == null ? "" : map.valueLabel()));
        svg.append("<rect x=\"").append(Svg.num(barX)).append("\" y=\"").append(Svg.num(barTop)).append("\" width=\"")
                .append(Svg.num(BAR_WIDTH)).append("\" height=\"").append(Svg.num(barHeight)).append("\" fill=\"")
                .append(max > min ? "url(#" + id + "-scale)" : Palette.viridis(0.5)).append("\" stroke=\"")
                .append(Palette.AXIS).append("\" stroke-width=\"0.5\"/>");
        for (int i = 0; i < legendValues.length; i++) {
            double ly = legendValues.length == 1 ? barTop + barHeight / 2 : barTop + i * barHeight / (legendValues.length - 1);
            svg.append("<path d=\"M").append(Svg.num(barX + BAR_WIDTH)).append(',').append(Svg.num(ly))
                    .append("h4\" stroke=\"").append(Palette.AXIS).append("\"/>");
            svg.append(Svg.text(barX + BAR_WIDTH + 7, ly + 4, "", Ticks.fixed(legendValues[i], 3)));
        }
        if (missing) {
            double my = barTop + barHeight + 16;
            svg.append("<rect x=\"").append(Svg.num(barX)).append("\" y=\"").append(Svg.num(my)).append("\" width=\"")
                    .append(Svg.num(BAR_WIDTH)).append("\" height=\"14\" fill=\"url(#").append(id)
                    .append("-missing)\" stroke=\"").append(Palette.AXIS).append("\" stroke-width=\"0.5\"/>");
            svg.append(Svg.text(barX + BAR_WIDTH + 7, my + 11, "", "– no score"));
        }
        svg.append("</g>\n</svg>");
        return "<figure class=\"plmlab-figure\">\n" + svg + "\n</figure>\n";
    }

    private static String shorten(String s, int maxChars) {
        String t = s == null ? "" : s;
        return t.codePointCount(0, t.length()) <= maxChars ? t
                : t.substring(0, t.offsetByCodePoints(0, maxChars - 1)) + "…";
    }
}
