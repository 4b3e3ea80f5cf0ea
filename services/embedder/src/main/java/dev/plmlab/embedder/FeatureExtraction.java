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
import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Computes and stores the features an embeddings request asks for: one-hot here, PLMs via {@link PlmFeatures}. */
final class FeatureExtraction {

    static final String ONE_HOT_MODEL_ID = "onehot";
    private static final int ONE_HOT_BLOCK = 1024;

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

    /** What a request's stored features are known by, and the model content they come from. */
    record Identity(String featuresId, String modelId) {
    }

    /**
     * The request's features id. For a PLM it adds the model's content id to the job id, which hashes the
     * spec's checkpoint path but not the file: an edited checkpoint gets new features. Cheap on a cache hit:
     * the checkpoint's sha256 is remembered and nothing is forged (the file must still be on this machine).
     */
    Identity identify(EmbeddingsRequest request) throws IOException {
        String modelId = isOneHot(request) ? ONE_HOT_MODEL_ID : models.modelId(request.model(), request.pooling());
        return new Identity(JobIds.of("features", Map.of("embeddings", request.jobId(), "model", modelId)), modelId);
    }

    StoredFeatures extract(EmbeddingsRequest request, PreparedDataset dataset, Identity id) throws IOException {
        if (isOneHot(request)) {
            return oneHot(dataset, request.precision(), id.featuresId());
        }
        return plm.extract(request, dataset, id.featuresId(), models.forge(request.model(), request.pooling(), id.modelId()));
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
                try (FeatureObjects.PartFiles files = objects.part(part)) {
                    // encoded a block of sequences at a time: a part's whole one-hot matrix can outgrow the heap
                    for (int from = 0; from < sequences.size(); from += ONE_HOT_BLOCK) {
                        List<String> block = sequences.subList(from, Math.min(sequences.size(), from + ONE_HOT_BLOCK));
                        files.appendRows(0, OneHotEncoder.encodeFlat(block, length), block.size());
                    }
                    files.complete();
                }
            }
            return objects.finish(ONE_HOT_MODEL_ID);
        } finally {
            Folders.deleteRecursively(work);
        }
    }
}
