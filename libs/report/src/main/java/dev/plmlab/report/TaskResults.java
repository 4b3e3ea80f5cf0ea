package dev.plmlab.report;

import dev.plmlab.model.messages.ProbeOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every result of one task split, grouped by condition, with the metric the task is judged by. */
record TaskResults(String task, String split, String metric, List<ProbeOutcome> outcomes, Map<Condition, SeedResults> conditions) {

    static List<TaskResults> of(List<ProbeOutcome> outcomes) {
        Map<String, List<ProbeOutcome>> byTask = new TreeMap<>();
        for (ProbeOutcome o : outcomes) {
            byTask.computeIfAbsent(o.task() + "\u0000" + o.split(), k -> new ArrayList<>()).add(o);
        }
        List<TaskResults> tasks = new ArrayList<>();
        for (List<ProbeOutcome> rows : byTask.values()) {
            String metric = Headline.of(rows);
            Map<Condition, List<ProbeOutcome>> grouped = new TreeMap<>(Condition.ORDER);
            for (ProbeOutcome o : rows) {
                grouped.computeIfAbsent(Condition.of(o), k -> new ArrayList<>()).add(o);
            }
            Map<Condition, SeedResults> conditions = new LinkedHashMap<>();
            grouped.forEach((c, os) -> conditions.put(c, SeedResults.of(c, os, metric)));
            tasks.add(new TaskResults(rows.get(0).task(), rows.get(0).split(), metric, rows, conditions));
        }
        return tasks;
    }

    String title() {
        return split.isEmpty() ? task : task + " / " + split;
    }

    /** The conditions of one model × probe × pretraining × variant, by layer. */
    Map<Integer, SeedResults> layers(Condition any) {
        Map<Integer, SeedResults> out = new TreeMap<>();
        conditions.forEach((c, r) -> {
            if (c.atLayer(0).equals(any.atLayer(0))) {
                out.put(c.layer(), r);
            }
        });
        return out;
    }

    /** One representative condition (layer 0) per model × probe × pretraining × variant. */
    List<Condition> curves() {
        return conditions.keySet().stream().map(c -> c.atLayer(0)).distinct().toList();
    }

    /** The one-hot baseline of this task for a probe, if the grid ran one. */
    SeedResults oneHot(String probe) {
        return conditions.entrySet().stream().filter(e -> e.getKey().isOneHot() && e.getKey().probe().equals(probe)
                && Variants.PRETRAINED.equals(e.getKey().variant())).map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
