package dev.plmlab.model.results;

import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import java.util.ArrayList;
import java.util.List;

/** One line of results.csv: one metric of one probe. */
public record ResultRow(String experiment, String task, String split, String model, String variant, int seed,
                        int layer, String probe, String metric, double value, double ciLow, double ciHigh,
                        int nTrain, int nVal, int nTest, String params) {

    /** Column names other tools read: keep them stable. */
    public static final List<String> COLUMNS = List.of("experiment", "task", "split", "model", "variant", "seed", "layer",
            "probe", "metric", "value", "ci_low", "ci_high", "n_train", "n_val", "n_test", "params");

    public static List<ResultRow> of(String experiment, ProbeOutcome outcome) {
        List<ResultRow> rows = new ArrayList<>();
        String params = Messages.toJson(outcome.params());
        for (MetricValue m : outcome.metrics()) {
            rows.add(new ResultRow(experiment, outcome.task(), outcome.split(), outcome.model(), outcome.variant(),
                    outcome.modelSeed(), outcome.layer(), outcome.probe(), m.metric(), m.value(), m.ciLow(), m.ciHigh(),
                    outcome.nTrain(), outcome.nVal(), outcome.nTest(), params));
        }
        return rows;
    }
}
