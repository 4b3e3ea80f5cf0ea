package dev.plmlab.model.messages;

import dev.plmlab.model.spec.Backend;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import java.util.List;

/** Compute features of every sequence of a dataset for the given layers. */
public record EmbeddingsRequest(int version, String jobId, String experimentId, String taskName, String datasetKey,
                                String datasetSha256, EmbeddingModel model, List<Integer> layers, Pooling pooling,
                                LongSequencePolicy longSequences, Precision precision, int tokenBudget, Backend backend) {
}
