package dev.plmlab.report.html;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Small helpers for writing SVG by hand: coordinates as short, locale-free numbers; text width estimates. */
final class Svg {

    /** Font size of tick labels, legend entries and cell values, in px. */
    static final double FONT = 12;

    private Svg() {
    }

    /** A coordinate with at most two decimals, never in exponent notation or with a locale's comma. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a coordinate: " + v);
        }
        String s = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /**
     * About how wide {@code text} is in a sans-serif font of {@code size} px; generous, so that labels placed by
     * it do not collide.
     */
    static double textWidth(String text, double size) {
        return (text == null ? 0 : text.codePointCount(0, text.length())) * size * 0.6;
    }

    /** {@code <text>} with escaped content; {@code attributes} are written as given (trusted, built here). */
    static String text(double x, double y, String attributes, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + (attributes.isEmpty() ? "" : " " + attributes) + ">"
                + HtmlEscape.text(content) + "</text>";
    }
}
