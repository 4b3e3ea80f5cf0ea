package dev.plmlab.embedder;

import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.science.onehot.OneHotEncoder;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Computes and stores the features an embeddings request asks for: one-hot here, PLMs via {@link PlmFeatures}. */
final class FeatureExtraction {

    static final String ONE_HOT_MODEL_ID = "onehot";

    private final ObjectStore store;
    private final ForgedModels models;
    private final PlmFeatures plm;
    private final Path workRoot;

    FeatureExtraction(ObjectStore store, ForgedModels models, PlmFeatures plm, Path workRoot) {
        this.store = store;
        this.models = models;
        this.plm = plm;
        this.workRoot = workRoot;
    }

    /**
     * What the request's stored features are known by. For a PLM it adds the model's content id to the job
     * id, which hashes the spec's checkpoint path but not the file: an edited checkpoint gets new features.
     * Cheap on a cache hit: the checkpoint's sha256 is remembered, and nothing is forged.
     */
    String featuresId(EmbeddingsRequest request) throws IOException {
        String modelId = isOneHot(request) ? ONE_HOT_MODEL_ID : models.modelId(request.model());
        return JobIds.of("features", Map.of("embeddings", request.jobId(), "model", modelId));
    }

    StoredFeatures extract(EmbeddingsRequest request, PreparedDataset dataset, String featuresId) throws IOException {
        if (isOneHot(request)) {
            return oneHot(dataset, request.precision(), featuresId);
        }
        return plm.extract(request, dataset, featuresId, models.forge(request.model()));
    }

    private static boolean isOneHot(EmbeddingsRequest request) {
        return request.model().family() == ModelFamily.ONE_HOT;
    }

    /**
     * Flattened one-hot, zero-padded to the longest sequence of the whole dataset so every part has the
     * same width (GB1: 56 × 23 = 1288), stored as layer 0.
     */
    private StoredFeatures oneHot(PreparedDataset dataset, Precision precision, String featuresId) throws IOException {
        int length = 0;
        for (String part : PreparedDataset.PARTS) {
            for (Example e : dataset.part(part)) {
                length = Math.max(length, e.sequence().length());
            }
        }
        int width = length * OneHotEncoder.WIDTH;
        Path work = Files.createTempDirectory(Files.createDirectories(workRoot), featuresId + ".");
        try {
            FeatureObjects objects = new FeatureObjects(store, featuresId, List.of(0), Pooling.MEAN, precision, width, work);
            for (String part : PreparedDataset.PARTS) {
                List<String> sequences = dataset.part(part).stream().map(Example::sequence).toList();
                objects.putWhole(part, 0, NpyArray.float32(OneHotEncoder.encodeFlat(sequences, length), sequences.size(), width));
            }
            return objects.finish(ONE_HOT_MODEL_ID);
        } finally {
            PlmFeatures.deleteRecursively(work);
        }
    }
}
