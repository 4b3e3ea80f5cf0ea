package dev.plmlab.report.html;

import java.util.List;
import java.util.Locale;

/**
 * The report's colours: curves from the Okabe–Ito colour-blind-safe set (then two of Paul Tol's), reference
 * levels in black and greys (no curve and no text is pure black, so the one-hot line stands out), and viridis for
 * heatmaps.
 */
final class Palette {

    /** Curve colours in the order curves appear in a plot; repeats after the last. */
    static final List<String> CURVES = List.of(
            "#0072B2", // blue
            "#D55E00", // vermillion
            "#009E73", // bluish green
            "#CC79A7", // reddish purple
            "#E69F00", // orange
            "#56B4E9", // sky blue
            "#882255", // wine (Tol)
            "#44AA99"); // teal (Tol)

    /** Level colours: the first (the one-hot baseline) black, later ones grey. */
    static final List<String> LEVELS = List.of("#000000", "#707070", "#A0A0A0");

    /** Opacity of a curve's ± std band. */
    static final double BAND_OPACITY = 0.18;

    /** Opacity of a level's ± std band. */
    static final double LEVEL_BAND_OPACITY = 0.10;

    /** Text and axes: dark, never black. */
    static final String INK = "#333333";
    static final String AXIS = "#555555";
    static final String GRID = "#E6E6E6";

    /** Cells without a value. */
    static final String MISSING = "#EEEEEE";
    static final String MISSING_HATCH = "#C4C4C4";

    private static final String[] VIRIDIS = {
        "#440154", "#472D7B", "#3B528B", "#2C728E", "#21918C", "#28AE80", "#5EC962", "#ADDC30", "#FDE725"};

    private Palette() {
    }

    static String curve(int index) {
        return CURVES.get(Math.floorMod(index, CURVES.size()));
    }

    static String level(int index) {
        return LEVELS.get(Math.min(index, LEVELS.size() - 1));
    }

    /** Viridis at {@code t} in 0..1 (clamped), as {@code #RRGGBB}. */
    static String viridis(double t) {
        double c = Math.max(0, Math.min(1, Double.isNaN(t) ? 0.5 : t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) Math.floor(c), VIRIDIS.length - 2);
        double f = c - i;
        int[] a = rgb(VIRIDIS[i]);
        int[] b = rgb(VIRIDIS[i + 1]);
        return hex((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }

    /** The stops of the viridis scale, for a gradient legend. */
    static List<String> viridisStops() {
        return List.of(VIRIDIS);
    }

    /** Whether dark text reads better than white on {@code colour} (relative luminance above 0.18). */
    static boolean isLight(String colour) {
        int[] c = rgb(colour);
        double luminance = 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
        return luminance > 0.18;
    }

    /** {@code #RRGGBB} as its three 0..255 components. */
    static int[] rgb(String colour) {
        int v = Integer.parseInt(colour.substring(1), 16);
        return new int[] {(v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF};
    }

    /** {@code colour} at {@code opacity} over white, as a screen would show it. */
    static int[] overWhite(String colour, double opacity) {
        int[] c = rgb(colour);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (int) Math.round(opacity * c[i] + (1 - opacity) * 255);
        }
        return out;
    }

    private static double linear(int channel) {
        double s = channel / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    private static String hex(int r, int g, int b) {
        return String.format(Locale.ROOT, "#%02X%02X%02X", r, g, b);
    }
}
