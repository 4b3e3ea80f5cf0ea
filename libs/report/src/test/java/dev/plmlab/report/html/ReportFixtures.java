package dev.plmlab.report.html;

import dev.plmlab.report.document.Block;
import dev.plmlab.report.document.Bullets;
import dev.plmlab.report.document.Heatmap;
import dev.plmlab.report.document.LinePlot;
import dev.plmlab.report.document.LinePlot.Curve;
import dev.plmlab.report.document.LinePlot.Level;
import dev.plmlab.report.document.LinePlot.Point;
import dev.plmlab.report.document.Paragraph;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.document.Section;
import dev.plmlab.report.document.Table;
import dev.plmlab.report.document.Table.Cell;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic report for the HTML tests: GB1 low_vs_high with ESM-2 t6_8M by layer (the model, random-init,
 * stat-transfer and permute ablations over three seeds, one-hot), by model size, over pretraining, a heatmap of
 * three tasks by four models with a gap, and a results table of 30 rows. Numbers are made up but shaped like
 * real ones.
 */
public final class ReportFixtures {

    public static final String LAYER_PLOT = "gb1-layers";
    public static final String SIZE_PLOT = "gb1-sizes";
    public static final String PRETRAINING_PLOT = "gb1-pretraining";
    public static final String HEATMAP = "tasks-by-model";
    public static final String RESULTS = "results";
    /** Column of the results table that holds the score. */
    public static final int SCORE_COLUMN = 5;

    public static final double ONE_HOT = 0.171;
    public static final double ONE_HOT_STD = 0.009;

    static final double[] PRETRAINED = {0.142, 0.236, 0.301, 0.352, 0.388, 0.371, 0.334};
    static final double[] RANDOM_INIT = {0.118, 0.131, 0.125, 0.122, 0.119, 0.115, 0.112};
    static final double[] RANDOM_INIT_STD = {0.017, 0.021, 0.019, 0.018, 0.020, 0.022, 0.019};
    static final double[] STAT_TRANSFER = {0.128, 0.152, 0.160, 0.158, 0.150, 0.147, 0.141};
    static final double[] STAT_TRANSFER_STD = {0.011, 0.012, 0.010, 0.013, 0.012, 0.011, 0.014};
    /** Layer 4's permute runs failed: NaN. */
    static final double[] PERMUTE = {0.109, 0.121, 0.133, 0.138, Double.NaN, 0.131, 0.127};
    static final double[] PERMUTE_STD = {0.008, 0.010, 0.009, 0.011, Double.NaN, 0.012, 0.010};

    /** Something a task name or an error message could carry; must show as text and never run. */
    public static final String HOSTILE = "gb1 <script>console.error('xss')</script> <img src=x onerror=\"console.error(1)\"> & 'quoted'";

    private ReportFixtures() {
    }

    public static ReportDocument gb1() {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("Which layer to probe", 2, List.of(
                new Paragraph("Spearman ρ on the GB1 low_vs_high test split, ridge probe on mean-pooled embeddings of "
                        + "each layer of ESM-2 t6_8M. Ablations over three seeds; the band is ± one standard deviation."),
                layerPlot())));
        sections.add(new Section("Model size", 2, List.of(sizePlot())));
        sections.add(new Section("Pretraining", 3, List.of(pretrainingPlot())));
        sections.add(new Section("All tasks", 2, List.of(heatmap(), resultsTable())));
        sections.add(new Section("Notes", 2, List.<Block>of(new Bullets(List.of(
                "Permute at layer 4: all three seeds failed (out of memory); not drawn.",
                "One-hot: the same ridge probe on one-hot encoded sequences.",
                "Task name as submitted: " + HOSTILE)))));
        return new ReportDocument("GB1 low_vs_high — ESM-2 transfer",
                List.of("Pretrained ESM-2 t6_8M beats every ablation from layer 1 on and peaks at layer 4 (ρ 0.388); "
                                + "random-init and permuted weights stay below one-hot.",
                        "Three seeds per ablation, one per pretrained fit (the probe is deterministic)."),
                sections);
    }

    static LinePlot layerPlot() {
        List<Curve> curves = List.of(
                curve("ESM-2 t6_8M (pretrained)", "pretrained", PRETRAINED, null, 1),
                curve("random-init", "ablation", RANDOM_INIT, RANDOM_INIT_STD, 3),
                curve("stat-transfer", "ablation", STAT_TRANSFER, STAT_TRANSFER_STD, 3),
                curve("permute", "ablation", PERMUTE, PERMUTE_STD, 3));
        return new LinePlot(LAYER_PLOT, "GB1 low_vs_high · ESM-2 t6_8M by layer", "layer", "Spearman ρ", false, curves,
                List.of(new Level("one-hot", ONE_HOT, ONE_HOT_STD)));
    }

    static LinePlot sizePlot() {
        double[] params = {7.5e6, 35e6, 150e6, 650e6};
        String[] names = {"t6_8M", "t12_35M", "t30_150M", "t33_650M"};
        double[] best = {0.388, 0.425, 0.462, 0.489};
        double[] random = {0.125, 0.131, 0.128, 0.134};
        double[] randomStd = {0.019, 0.016, 0.021, 0.018};
        List<Point> pretrained = new ArrayList<>();
        List<Point> ablation = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            pretrained.add(new Point(params[i], names[i], best[i], Double.NaN, 1));
            ablation.add(new Point(params[i], names[i], random[i], randomStd[i], 3));
        }
        return new LinePlot(SIZE_PLOT, "GB1 low_vs_high · best layer by model size", "parameters", "Spearman ρ", true,
                List.of(new Curve("ESM-2 (pretrained, best layer)", "pretrained", pretrained),
                        new Curve("random-init (best layer)", "ablation", ablation)),
                List.of(new Level("one-hot", ONE_HOT, ONE_HOT_STD)));
    }

    static LinePlot pretrainingPlot() {
        double[] fraction = {0, 0.1, 0.25, 0.5, 1.0};
        String[] labels = {"0%", "10%", "25%", "50%", "100%"};
        double[] best = {0.121, 0.262, 0.331, 0.369, 0.388};
        double[] last = {0.112, 0.214, 0.288, 0.322, 0.334};
        List<Point> bestPoints = new ArrayList<>();
        List<Point> lastPoints = new ArrayList<>();
        for (int i = 0; i < fraction.length; i++) {
            bestPoints.add(new Point(fraction[i], labels[i], best[i], Double.NaN, 1));
            lastPoints.add(new Point(fraction[i], labels[i], last[i], Double.NaN, 1));
        }
        return new LinePlot(PRETRAINING_PLOT, "GB1 low_vs_high · t6_8M over pretraining", "pretraining steps done",
                "Spearman ρ", false,
                List.of(new Curve("best layer", "pretrained", bestPoints), new Curve("last layer", "other", lastPoints)),
                List.of(new Level("one-hot", ONE_HOT, ONE_HOT_STD)));
    }

    static Heatmap heatmap() {
        return new Heatmap(HEATMAP, "Spearman ρ, best layer, by task and model",
                List.of("GB1 low_vs_high", "AAV mut_des", "Meltome mixed"),
                List.of("one-hot", "t6_8M", "t12_35M", "t30_150M"),
                new double[][] {
                    {0.171, 0.388, 0.425, 0.462},
                    {0.683, 0.751, 0.779, 0.802},
                    {0.318, 0.552, 0.601, Double.NaN}},
                "Spearman ρ");
    }

    static Table resultsTable() {
        List<List<Cell>> rows = new ArrayList<>();
        String[] inits = {"pretrained", "random-init", "stat-transfer", "permute"};
        double[][] means = {PRETRAINED, RANDOM_INIT, STAT_TRANSFER, PERMUTE};
        double[][] stds = {null, RANDOM_INIT_STD, STAT_TRANSFER_STD, PERMUTE_STD};
        for (int layer = 0; layer < PRETRAINED.length; layer++) {
            for (int k = 0; k < inits.length; k++) {
                double mean = means[k][layer];
                double std = stds[k] == null ? Double.NaN : stds[k][layer];
                rows.add(row("ESM-2 t6_8M", inits[k], layer, mean, std, k == 0 ? 1 : (Double.isNaN(mean) ? 0 : 3)));
            }
        }
        rows.add(row("one-hot", "—", -1, ONE_HOT, ONE_HOT_STD, 3));
        rows.add(List.of(Cell.text("GB1 low_vs_high"), Cell.text("one-hot"), Cell.text("—"), Cell.text("—"),
                Cell.text("CNN"), Cell.number("0.226", 0.226), Cell.number("0.014", 0.014), Cell.number("3", 3)));
        return new Table(RESULTS, "Every fit on GB1 low_vs_high: mean over seeds.",
                List.of("task", "model", "init", "layer", "probe", "Spearman ρ", "± std", "n"), rows);
    }

    private static List<Cell> row(String model, String init, int layer, double mean, double std, int n) {
        return List.of(Cell.text("GB1 low_vs_high"), Cell.text(model), Cell.text(init),
                layer < 0 ? Cell.text("—") : Cell.number(Integer.toString(layer), layer), Cell.text("ridge"),
                Double.isNaN(mean) ? Cell.text("–") : Cell.number(Ticks.fixed(mean, 3), mean),
                Double.isNaN(std) ? Cell.text("") : Cell.number(Ticks.fixed(std, 3), std),
                Cell.number(Integer.toString(n), n));
    }

    private static Curve curve(String label, String style, double[] means, double[] stds, int n) {
        List<Point> points = new ArrayList<>();
        for (int layer = 0; layer < means.length; layer++) {
            points.add(new Point(layer, Integer.toString(layer), means[layer], stds == null ? Double.NaN : stds[layer],
                    Double.isNaN(means[layer]) ? 0 : n));
        }
        return new Curve(label, style, points);
    }

    /** Every plot id of {@link #gb1()}, in page order. */
    public static List<String> plotIds() {
        return List.of(LAYER_PLOT, SIZE_PLOT, PRETRAINING_PLOT, HEATMAP);
    }
}
