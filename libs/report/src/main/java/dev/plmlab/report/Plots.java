package dev.plmlab.report;

import dev.plmlab.report.document.Block;
import dev.plmlab.report.document.LinePlot;
import dev.plmlab.report.document.LinePlot.Curve;
import dev.plmlab.report.document.LinePlot.Level;
import dev.plmlab.report.document.LinePlot.Point;
import dev.plmlab.report.document.Paragraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The three plots a researcher asks for, per task: score against layer (one plot per model and probe, the
 * pretrained line against the ablations' mean ± std bands and the one-hot level), against model size and
 * against pretraining fraction (best layer on validation). A plot that the grid cannot fill is replaced by a
 * sentence saying what it would need.
 */
final class Plots {

    private Plots() {
    }

    static List<Block> layers(TaskResults task, String id) {
        Map<String, List<Condition>> byModel = new LinkedHashMap<>();
        for (Condition curve : task.curves()) {
            if (!curve.isOneHot()) {
                byModel.computeIfAbsent(curve.model() + "\u0000" + curve.probe(), k -> new ArrayList<>()).add(curve);
            }
        }
        List<Block> plots = new ArrayList<>();
        int n = 0;
        for (List<Condition> curves : byModel.values()) {
            Condition first = curves.get(0);
            List<Curve> lines = new ArrayList<>();
            for (Condition curve : curves) {
                List<Point> points = new ArrayList<>();
                task.layers(curve).forEach((layer, r) -> points.add(new Point(layer, Integer.toString(layer), r.test().mean(),
                        r.overModelSeeds().n() > 1 ? r.overModelSeeds().std() : r.test().std(), r.test().n())));
                lines.add(new Curve(curveLabel(curve), style(curve), points));
            }
            plots.add(new LinePlot(id + "-layers-" + n++, task.title() + ": " + first.model() + " · " + first.probe()
                    + ", test " + task.metric() + " by layer", "layer", "test " + task.metric(), false, lines,
                    oneHotLevel(task, first.probe())));
        }
        if (plots.isEmpty()) {
            plots.add(new Paragraph("No plot by layer: one-hot has a single layer; add a protein language model to the grid "
                    + "to see its layers against this baseline."));
        }
        return plots;
    }

    static List<Block> sizes(TaskResults task, List<BestLayer> best, String id) {
        Map<String, Map<String, TreeMap<Double, Point>>> byFamily = new TreeMap<>();
        for (BestLayer b : best) {
            Condition c = b.curve();
            OptionalDouble params = ModelSizes.parameters(c.size());
            if (b.chosen() == null || c.isOneHot() || params.isEmpty() || c.pretraining() != 1.0) {
                continue;
            }
            SeedResults r = b.chosen();
            byFamily.computeIfAbsent(c.family() + " · " + c.probe(), k -> new TreeMap<>())
                    .computeIfAbsent(c.variant(), k -> new TreeMap<>())
                    .put(params.getAsDouble(), new Point(params.getAsDouble(), c.size(), r.test().mean(), spread(r), r.test().n()));
        }
        List<Block> plots = new ArrayList<>();
        int n = 0;
        for (var family : byFamily.entrySet()) {
            long sizes = family.getValue().values().stream().flatMap(m -> m.keySet().stream()).distinct().count();
            if (sizes < 2) {
                continue;
            }
            List<Curve> lines = new ArrayList<>();
            family.getValue().forEach((variant, points) -> lines.add(new Curve(variant, styleOf(variant),
                    List.copyOf(points.values()))));
            plots.add(new LinePlot(id + "-sizes-" + n++, task.title() + ": " + family.getKey() + ", best-layer test "
                    + task.metric() + " by model size", "parameters", "test " + task.metric(), true, lines,
                    oneHotLevel(task, family.getKey().substring(family.getKey().indexOf(" · ") + 3))));
        }
        if (plots.isEmpty()) {
            plots.add(new Paragraph("No plot by model size: it needs two or more sizes of one family in the grid."));
        }
        return plots;
    }

    static List<Block> pretraining(TaskResults task, List<BestLayer> best, String id) {
        Map<String, Map<String, TreeMap<Double, Point>>> byModel = new TreeMap<>();
        for (BestLayer b : best) {
            Condition c = b.curve();
            if (b.chosen() == null || c.isOneHot()) {
                continue;
            }
            SeedResults r = b.chosen();
            byModel.computeIfAbsent(c.model() + " · " + c.probe(), k -> new TreeMap<>())
                    .computeIfAbsent(c.variant(), k -> new TreeMap<>())
                    .put(c.pretraining(), new Point(c.pretraining(), Numbers.fraction(c.pretraining()), r.test().mean(),
                            spread(r), r.test().n()));
        }
        List<Block> plots = new ArrayList<>();
        int n = 0;
        for (var model : byModel.entrySet()) {
            Map<String, TreeMap<Double, Point>> variants = model.getValue();
            if (variants.values().stream().noneMatch(points -> points.size() >= 2)) {
                continue;
            }
            List<Curve> lines = new ArrayList<>();
            variants.forEach((variant, points) -> lines.add(new Curve(variant, styleOf(variant), List.copyOf(points.values()))));
            plots.add(new LinePlot(id + "-pretraining-" + n++, task.title() + ": " + model.getKey() + ", best-layer test "
                    + task.metric() + " by fraction of pretraining", "fraction of pretraining", "test " + task.metric(), false,
                    lines, oneHotLevel(task, model.getKey().substring(model.getKey().indexOf(" · ") + 3))));
        }
        if (plots.isEmpty()) {
            plots.add(new Paragraph("No plot by pretraining: it needs two or more pretraining checkpoints of one model."));
        }
        return plots;
    }

    private static List<Level> oneHotLevel(TaskResults task, String probe) {
        SeedResults oneHot = task.oneHot(probe);
        return oneHot == null ? List.of() : List.of(new Level("one-hot · " + probe, oneHot.test().mean(), oneHot.test().std()));
    }

    private static double spread(SeedResults r) {
        return r.overModelSeeds().n() > 1 ? r.overModelSeeds().std() : r.test().std();
    }

    private static String curveLabel(Condition c) {
        return c.pretraining() == 1.0 ? c.variant() : c.variant() + " @ " + Numbers.fraction(c.pretraining()) + " of pretraining";
    }

    private static String style(Condition c) {
        return c.pretraining() != 1.0 && Variants.PRETRAINED.equals(c.variant()) ? "other" : styleOf(c.variant());
    }

    private static String styleOf(String variant) {
        return Variants.PRETRAINED.equals(variant) ? "pretrained" : Variants.isAblation(variant) ? "ablation" : "other";
    }
}
