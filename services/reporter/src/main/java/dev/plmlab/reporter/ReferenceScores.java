package dev.plmlab.reporter;

import java.util.Map;
import java.util.Optional;

/**
 * Test scores the Feature Reuse study reports for its last-layer probes (SCIENCE.md), shown
 * beside ours so a reader sees at once whether a run reproduces the reference.
 */
final class ReferenceScores {

    private static final Map<String, Double> SCORES = Map.ofEntries(
            Map.entry("gb1/sampled/one-hot", 0.789),
            Map.entry("gb1/low_vs_high/one-hot", 0.322),
            Map.entry("gb1/two_vs_rest/one-hot", 0.543),
            Map.entry("gb1/sampled/esm1b-t33_650M", 0.885),
            Map.entry("gb1/low_vs_high/esm1b-t33_650M", 0.525),
            Map.entry("gb1/two_vs_rest/esm1b-t33_650M", 0.544),
            Map.entry("gb1/sampled/carp-640M", 0.868),
            Map.entry("gb1/low_vs_high/carp-640M", 0.476),
            Map.entry("gb1/two_vs_rest/carp-640M", 0.582),
            Map.entry("gb1/sampled/carp-600k", 0.786),
            Map.entry("gb1/low_vs_high/carp-600k", 0.241),
            Map.entry("gb1/two_vs_rest/carp-600k", 0.562));

    private ReferenceScores() {
    }

    static Optional<Double> of(String task, String split, String model) {
        return Optional.ofNullable(SCORES.get(task + "/" + split + "/" + model));
    }
}
