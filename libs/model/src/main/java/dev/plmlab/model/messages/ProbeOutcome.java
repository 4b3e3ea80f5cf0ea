package dev.plmlab.model.messages;

import java.util.List;
import java.util.Map;

/**
 * What one probe achieved; stored under its job's result key and carried by {@link ProbeResult}.
 *
 * @param model          the model without its pretraining fraction ({@link EmbeddingModel#name()})
 * @param family         the model family as written in specs ({@code one-hot}, {@code esm2}, ...)
 * @param size           the catalogue size ({@code t6_8M}), or null for a local checkpoint and one-hot
 * @param pretraining    fraction of pretraining of the checkpoint, 1.0 for the final one
 * @param probe          the probe as reported: its type, and for the CNN baselines their architecture
 *                       ({@code cnn-maxpool})
 * @param seed           the probe's seed
 * @param metrics        test metrics with their bootstrap intervals
 * @param validation     the headline metric on the validation part, at what the probe chose there (alpha,
 *                       epoch): what the best layer is picked by, so that test data never picks anything
 * @param predictionsKey where its {@link dev.plmlab.model.results.TestPredictions} are stored, for paired
 *                       comparisons of two models on the same test units
 */
public record ProbeOutcome(String task, String split, String model, String family, String size, String variant,
                           int modelSeed, double pretraining, int layer, String probe, int seed,
                           List<MetricValue> metrics, List<MetricValue> validation, int nTrain, int nVal, int nTest,
                           String predictionsKey, Map<String, Object> params) {
}
