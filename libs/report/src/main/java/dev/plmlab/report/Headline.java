package dev.plmlab.report;

import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import java.util.List;

/**
 * The one metric a task is judged by, as in the Feature Reuse study: Spearman ρ for regression,
 * accuracy for classification (per residue for secondary structure). Higher is better for both.
 */
final class Headline {

    private static final List<String> PREFERENCE = List.of("spearman", "accuracy");

    private Headline() {
    }

    /** The headline metric among those a task's outcomes report. */
    static String of(List<ProbeOutcome> outcomes) {
        List<String> names = outcomes.stream().flatMap(o -> o.metrics().stream().map(MetricValue::metric)).distinct().toList();
        return PREFERENCE.stream().filter(names::contains).findFirst().orElse(names.isEmpty() ? "" : names.get(0));
    }

    static MetricValue test(ProbeOutcome o, String metric) {
        return o.metrics().stream().filter(m -> m.metric().equals(metric)).findFirst().orElse(null);
    }

    static double testValue(ProbeOutcome o, String metric) {
        MetricValue m = test(o, metric);
        return m == null ? Double.NaN : m.value();
    }

    /** The metric on validation, NaN where the probe did not report it (results stored before it did). */
    static double validationValue(ProbeOutcome o, String metric) {
        if (o.validation() == null) {
            return Double.NaN;
        }
        return o.validation().stream().filter(m -> m.metric().equals(metric)).mapToDouble(MetricValue::value)
                .findFirst().orElse(Double.NaN);
    }
}
