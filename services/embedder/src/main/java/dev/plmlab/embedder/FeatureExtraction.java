package dev.plmlab.embedder;

import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.spec.Backend;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.science.onehot.OneHotEncoder;
import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        return new Identity(JobIds.features(request.jobId(), modelId), modelId);
    }

    StoredFeatures extract(EmbeddingsRequest request, PreparedDataset dataset, Identity id) throws IOException {
        if (isOneHot(request)) {
            return oneHot(dataset, request, id.featuresId());
        }
        ForgedModels.Forged forged = request.backend() == Backend.TRITON
                ? models.forgeForServing(request.model(), request.pooling(), id.modelId())
                : models.forge(request.model(), request.pooling(), id.modelId());
        return plm.extract(request, dataset, id.featuresId(), forged);
    }

    private static boolean isOneHot(EmbeddingsRequest request) {
        return request.model().family() == ModelFamily.ONE_HOT;
    }

    /**
     * One-hot features, stored as layer 0, of each sequence as the long-sequence policy keeps it with the
     * reference's one-hot limit ({@link OneHotEncoder#RESIDUE_LIMIT}). Pooled ({@code mean}): flattened and
     * zero-padded to the longest kept sequence of the whole dataset, so every part has the same width
     * (GB1: 56 × 23 = 1288). Per residue ({@code none}): one 23-wide row per kept residue.
     */
    private StoredFeatures oneHot(PreparedDataset dataset, EmbeddingsRequest request, String featuresId) throws IOException {
        LongSequencePolicy policy = request.longSequences();
        int limit = OneHotEncoder.RESIDUE_LIMIT;
        boolean perResidue = request.pooling() == Pooling.NONE;
        int length = 0;
        for (String part : PreparedDataset.PARTS) {
            for (Example e : dataset.part(part)) {
                length = Math.max(length, Math.min(e.sequence().length(), policy == LongSequencePolicy.SLIDING_WINDOW
                        ? Integer.MAX_VALUE : limit));
            }
        }
        int width = perResidue ? OneHotEncoder.WIDTH : length * OneHotEncoder.WIDTH;
        Path work = Files.createTempDirectory(Files.createDirectories(workRoot), featuresId + ".");
        try {
            FeatureObjects objects = new FeatureObjects(store, featuresId, List.of(0), request.pooling(), request.precision(),
                    width, work, policy, limit);
            Map<String, Long> aliased = new LinkedHashMap<>();
            for (String part : PreparedDataset.PARTS) {
                List<Example> examples = dataset.part(part);
                aliased.put(part, OneHotEncoder.aliasedToX(examples.stream().map(Example::sequence).toList()));
                try (FeatureObjects.PartFiles files = objects.part(part)) {
                    // a block of sequences at a time: a part's whole one-hot matrix can outgrow the heap
                    for (int from = 0; from < examples.size(); from += ONE_HOT_BLOCK) {
                        List<String> block = new ArrayList<>();
                        for (int i = from; i < Math.min(examples.size(), from + ONE_HOT_BLOCK); i++) {
                            block.add(kept(examples.get(i), part, i, policy, limit));
                        }
                        float[] rows;
                        try {
                            rows = perResidue ? OneHotEncoder.encodeResidues(block) : OneHotEncoder.encodeFlat(block, length);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("part " + part + ", sequences " + (from + 1) + "-"
                                    + (from + block.size()) + " (numbered from the first of them): " + e.getMessage(), e);
                        }
                        if (perResidue) {
                            files.appendResidues(0, rows, block.stream().mapToInt(String::length).toArray());
                        } else {
                            files.appendRows(0, rows, block.size());
                        }
                    }
                    files.complete();
                }
            }
            return objects.finish(ONE_HOT_MODEL_ID, dataset, aliased);
        } finally {
            Folders.deleteRecursively(work);
        }
    }

    /** The residues of a sequence that the policy keeps (one-hot is position-local: sliding windows keep all). */
    private static String kept(Example example, String part, int index, LongSequencePolicy policy, int limit) {
        String sequence = example.sequence();
        int[] positions;
        try {
            positions = policy.keptPositions(sequence.length(), limit);
        } catch (IllegalArgumentException e) {
            String name = example.id() != null ? example.id() : part + " sequence " + (index + 1);
            throw new IllegalArgumentException(name + ": " + e.getMessage() + "; choose another compute.long_sequences");
        }
        if (positions.length == sequence.length()) {
            return sequence;
        }
        StringBuilder out = new StringBuilder(positions.length);
        for (int p : positions) {
            out.append(sequence.charAt(p));
        }
        return out.toString();
    }
}
