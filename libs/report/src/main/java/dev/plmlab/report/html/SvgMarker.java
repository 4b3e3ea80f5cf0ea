package dev.plmlab.report.html;

/** How a curve looks: its line (by style) and its markers (a shape per curve, so curves differ by more than colour). */
final class SvgMarker {

    private SvgMarker() {
    }

    /** Stroke attributes of a curve: {@code pretrained} solid and thick, {@code ablation} dashed, others thin. */
    static String stroke(String style) {
        return switch (style) {
            case "pretrained" -> "stroke-width=\"3\"";
            case "ablation" -> "stroke-width=\"2\" stroke-dasharray=\"7 4\"";
            default -> "stroke-width=\"1.5\"";
        };
    }

    /** A marker whose shape follows the curve's index, so curves differ by more than colour. */
    static String marker(int index, double px, double py, double r, String colour, String tip) {
        String x = Svg.num(px);
        String y = Svg.num(py);
        String tag;
        String geometry;
        switch (Math.floorMod(index, 5)) {
            case 0 -> {
                tag = "circle";
                geometry = "cx=\"" + x + "\" cy=\"" + y + "\" r=\"" + Svg.num(r) + "\"";
            }
            case 1 -> {
                tag = "rect";
                geometry = "x=\"" + Svg.num(px - r * 0.9) + "\" y=\"" + Svg.num(py - r * 0.9) + "\" width=\""
                        + Svg.num(r * 1.8) + "\" height=\"" + Svg.num(r * 1.8) + "\"";
            }
            case 2 -> {
                tag = "path";
                geometry = "d=\"M" + x + "," + Svg.num(py - r * 1.15) + "L" + Svg.num(px + r * 1.05) + ","
                        + Svg.num(py + r * 0.8) + "H" + Svg.num(px - r * 1.05) + "Z\"";
            }
            case 3 -> {
                tag = "path";
                geometry = "d=\"M" + x + "," + Svg.num(py - r * 1.2) + "L" + Svg.num(px + r * 1.2) + "," + y + "L" + x
                        + "," + Svg.num(py + r * 1.2) + "L" + Svg.num(px - r * 1.2) + "," + y + "Z\"";
            }
            default -> {
                tag = "path";
                geometry = "d=\"M" + x + "," + Svg.num(py + r * 1.15) + "L" + Svg.num(px + r * 1.05) + ","
                        + Svg.num(py - r * 0.8) + "H" + Svg.num(px - r * 1.05) + "Z\"";
            }
        }
        String open = "<" + tag + " class=\"marker\" " + geometry + " fill=\"" + colour
                + "\" stroke=\"#FFFFFF\" stroke-width=\"1\"";
        return tip == null ? open + "/>" : open + "><title>" + HtmlEscape.text(tip) + "</title></" + tag + ">";
    }
}
