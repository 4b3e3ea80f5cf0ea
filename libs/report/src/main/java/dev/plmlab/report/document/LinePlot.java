package dev.plmlab.report.document;

import java.util.List;

/**
 * Score against one axis of the grid (layer, model size, pretraining fraction): one line per curve,
 * with a band of ± one standard deviation over seeds where a curve has several, and horizontal
 * reference levels (one-hot).
 *
 * @param id     unique in the document, usable as an HTML id
 * @param logX   plot x on a log scale (model sizes)
 * @param levels horizontal lines across the whole plot
 */
public record LinePlot(String id, String title, String xLabel, String yLabel, boolean logX, List<Curve> curves,
                       List<Level> levels) implements Block {

    /**
     * @param style {@code pretrained} for the model itself (a solid line), {@code ablation} for random-init and
     *              stat-transfer (dashed, with a band), or {@code other}
     */
    public record Curve(String label, String style, List<Point> points) {
    }

    /**
     * @param xLabel how x is written on the axis ("t6_8M", "0.25")
     * @param std    standard deviation over seeds, NaN when there is one seed
     * @param n      how many seed results the mean is over
     */
    public record Point(double x, String xLabel, double mean, double std, int n) {
    }

    /** A constant, e.g. the one-hot baseline of the same task and probe, with its spread over seeds. */
    public record Level(String label, double mean, double std) {
    }
}
