package dev.plmlab.embedder;

import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.FeatureNames;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.science.onehot.OneHotEncoder;
import dev.plmlab.store.NpyArray;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes the features an embeddings request asks for, as named arrays for one .npz. */
final class FeatureExtraction {

    private final PlmFeatures plm;

    FeatureExtraction(PlmFeatures plm) {
        this.plm = plm;
    }

    Map<String, NpyArray> extract(EmbeddingsRequest request, PreparedDataset dataset) throws IOException {
        if (request.model().family().equals(KnownModels.ONE_HOT)) {
            return oneHot(dataset, request.precision());
        }
        return plm.extract(request, dataset);
    }

    /** The layers a request's features hold, with "all" and "last" of a local checkpoint resolved. */
    List<Integer> layersOf(EmbeddingsRequest request) throws IOException {
        if (request.model().family().equals(KnownModels.ONE_HOT)
                || (!request.layers().isEmpty() && request.layers().stream().allMatch(l -> l >= 0))) {
            return request.layers();
        }
        return plm.layersOf(request);
    }

    /**
     * Flattened one-hot, zero-padded to the longest sequence of the whole dataset so every part
     * has the same width (GB1: 56 × 23 = 1288).
     */
    static Map<String, NpyArray> oneHot(PreparedDataset dataset, String precision) {
        int length = 0;
        for (String part : PreparedDataset.PARTS) {
            for (Example e : dataset.part(part)) {
                length = Math.max(length, e.sequence().length());
            }
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (String part : PreparedDataset.PARTS) {
            List<String> sequences = dataset.part(part).stream().map(Example::sequence).toList();
            float[] flat = OneHotEncoder.encodeFlat(sequences, length);
            int width = length * OneHotEncoder.WIDTH;
            arrays.put(FeatureNames.pooled(part, 0), precision.equals("float16")
                    ? NpyArray.float16(flat, sequences.size(), width)
                    : NpyArray.float32(flat, sequences.size(), width));
        }
        return arrays;
    }
}
