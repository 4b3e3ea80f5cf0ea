package dev.plmlab.report;

import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.report.stats.PairedBootstrapResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything computed about one task split, once, for every view of it (report.md, report.html,
 * statistics.csv).
 *
 * @param versusOneHot for each curve whose best layer could be compared with one-hot of the same probe: the
 *                     paired bootstrap of best layer minus one-hot
 */
record TaskAnalysis(TaskResults task, List<BestLayer> best, List<AblationTest> tests, TaskCluster cluster,
                    Map<Condition, PairedBootstrapResult> versusOneHot) {

    static List<TaskAnalysis> of(List<ProbeOutcome> outcomes, PredictionsSource predictions) {
        List<TaskAnalysis> out = new ArrayList<>();
        for (TaskResults task : TaskResults.of(outcomes)) {
            List<BestLayer> best = BestLayer.of(task);
            List<AblationTest> tests = AblationTest.of(task, predictions);
            Map<Condition, PairedBootstrapResult> versusOneHot = new LinkedHashMap<>();
            for (BestLayer b : best) {
                SeedResults oneHot = task.oneHot(b.curve().probe());
                if (b.chosen() != null && oneHot != null && !b.curve().isOneHot()) {
                    Optional<PairedBootstrapResult> r = AblationTest.pairedBootstrap(b.chosen(), oneHot, predictions, new String[1]);
                    r.ifPresent(result -> versusOneHot.put(b.curve(), result));
                }
            }
            out.add(new TaskAnalysis(task, best, tests, TaskCluster.of(task, tests, best), versusOneHot));
        }
        return out;
    }
}
