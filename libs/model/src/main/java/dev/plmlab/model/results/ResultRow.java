package dev.plmlab.model.results;

import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of results.csv: one test metric of one probe on one layer of one model.
 *
 * @param size     the catalogue size, empty for local checkpoints and one-hot
 * @param valValue the same metric on the validation part where the probe reported it (the headline
 *                 metric), else NaN
 */
public record ResultRow(String experiment, String task, String split, String model, String family, String size,
                        String variant, int modelSeed, double pretraining, int layer, String probe, int probeSeed,
                        String metric, double value, double ciLow, double ciHigh, double valValue,
                        int nTrain, int nVal, int nTest, String params) {

    /** Column names other tools read: keep them stable (README of the reporter documents each). */
    public static final List<String> COLUMNS = List.of("experiment", "task", "split", "model", "family", "size", "variant",
            "model_seed", "pretraining", "layer", "probe", "probe_seed", "metric", "value", "ci_low", "ci_high", "val_value",
            "n_train", "n_val", "n_test", "params");

    public static List<ResultRow> of(String experiment, ProbeOutcome outcome) {
        List<ResultRow> rows = new ArrayList<>();
        String params = Messages.toJson(outcome.params());
        for (MetricValue m : outcome.metrics()) {
            double val = outcome.validation() == null ? Double.NaN : outcome.validation().stream()
                    .filter(v -> v.metric().equals(m.metric())).mapToDouble(MetricValue::value).findFirst().orElse(Double.NaN);
            rows.add(new ResultRow(experiment, outcome.task(), outcome.split(), outcome.model(), outcome.family(),
                    outcome.size() == null ? "" : outcome.size(), outcome.variant(), outcome.modelSeed(),
                    outcome.pretraining(), outcome.layer(), outcome.probe(), outcome.seed(), m.metric(), m.value(),
                    m.ciLow(), m.ciHigh(), val, outcome.nTrain(), outcome.nVal(), outcome.nTest(), params));
        }
        return rows;
    }
}
