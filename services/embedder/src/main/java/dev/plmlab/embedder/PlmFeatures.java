package dev.plmlab.embedder;

import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.EmbeddingOptions;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.SequenceEmbedder;
import dev.plmlab.inference.SequenceEmbedding;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.FeatureNames;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.Npz;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * PLM features for a whole dataset, computed slice by slice: each finished slice (shard) is
 * stored at once, and slices found stored are read instead of recomputed, so an embedder that
 * dies mid-job loses at most one slice of work.
 */
final class PlmFeatures {

    private final ObjectStore store;
    private final ForgedModels models;
    private final BiFunction<String, ForgedModels.Forged, InferenceBackend> backends;
    private final int shardSize;
    private final MeterRegistry registry;

    /** @param backends opens the backend a request names ("local" or "triton") for a forged model */
    PlmFeatures(ObjectStore store, ForgedModels models, BiFunction<String, ForgedModels.Forged, InferenceBackend> backends,
                int shardSize, MeterRegistry registry) {
        this.store = store;
        this.models = models;
        this.backends = backends;
        this.shardSize = shardSize;
        this.registry = registry;
    }

    Map<String, NpyArray> extract(EmbeddingsRequest request, PreparedDataset dataset) throws IOException {
        if (request.pooling() != Pooling.MEAN) {
            throw new UnsupportedOperationException("per-residue PLM features (pooling: none) are not stored yet; use pooling: mean");
        }
        ForgedModels.Forged forged = models.forge(request.model());
        List<Integer> layers = resolveLayers(request.layers(), forged.layers());
        EmbeddingOptions options = EmbeddingOptions.defaults()
                .withPolicy(request.longSequences(), Math.min(forged.residueLimit(), 1_000_000))
                .withBatching(request.tokenBudget(), 256)
                .withPerResidueLayers(Set.of());
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        InferenceBackend backend = null;
        try {
            for (String part : PreparedDataset.PARTS) {
                List<String> sequences = dataset.part(part).stream().map(Example::sequence).toList();
                List<float[][]> pooled = new ArrayList<>(sequences.size());
                for (int shard = 0; shard * shardSize < sequences.size(); shard++) {
                    String key = ObjectKeys.embeddingShard(request.jobId(), shardSize, part, shard);
                    List<String> slice = sequences.subList(shard * shardSize, Math.min(sequences.size(), (shard + 1) * shardSize));
                    byte[] stored = store.get(key).orElse(null);
                    if (stored != null) {
                        registry.counter("plmlab_embedding_shards_total", "outcome", "reused").increment();
                        pooled.addAll(keepOnly(readShard(Npz.fromBytes(stored), key, slice.size(), forged.layers()), layers));
                        continue;
                    }
                    if (backend == null) {
                        backend = backends.apply(request.backend(), forged);
                    }
                    List<SequenceEmbedding> embedded = new SequenceEmbedder(backend, Tokenizer.forFamily(forged.family()), options)
                            .embed(names(part, shard * shardSize, slice.size()), slice);
                    List<float[][]> rows = embedded.stream().map(SequenceEmbedding::pooled).toList();
                    store.put(key, Npz.toBytes(shardArrays(rows, forged.layers())), "application/octet-stream");
                    registry.counter("plmlab_embedding_shards_total", "outcome", "computed").increment();
                    pooled.addAll(keepOnly(rows, layers));
                }
                for (int layer : layers) {
                    arrays.put(FeatureNames.pooled(part, layer), layerArray(pooled, layer, request.precision()));
                }
            }
        } finally {
            if (backend != null) {
                try {
                    backend.close();
                } catch (Exception e) {
                    // closing a backend frees native memory; its failure must not hide the result or the real error
                }
            }
        }
        return arrays;
    }

    List<Integer> layersOf(EmbeddingsRequest request) throws IOException {
        return resolveLayers(request.layers(), models.forge(request.model()).layers());
    }

    /** Empty means every layer, {@code [-1]} the last (a local checkpoint whose depth the planner did not know). */
    static List<Integer> resolveLayers(List<Integer> requested, int depth) {
        if (requested.isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int l = 0; l <= depth; l++) {
                all.add(l);
            }
            return all;
        }
        List<Integer> layers = new ArrayList<>();
        for (int l : requested) {
            int layer = l < 0 ? depth : l;
            if (layer > depth) {
                throw new IllegalArgumentException("layer " + layer + " does not exist: the model has layers 0-" + depth);
            }
            layers.add(layer);
        }
        return layers;
    }

    private static List<String> names(String part, int offset, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(part + " sequence " + (offset + i + 1));
        }
        return names;
    }

    private static Map<String, NpyArray> shardArrays(List<float[][]> rows, int depth) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (int layer = 0; layer <= depth; layer++) {
            arrays.put("layer" + layer, layerArray(rows, layer, "float32"));
        }
        return arrays;
    }

    /** Drops the layers nobody asked for, so a whole split of a deep model fits in memory. */
    private static List<float[][]> keepOnly(List<float[][]> rows, List<Integer> layers) {
        for (float[][] row : rows) {
            for (int layer = 0; layer < row.length; layer++) {
                if (!layers.contains(layer)) {
                    row[layer] = null;
                }
            }
        }
        return rows;
    }

    private static List<float[][]> readShard(Map<String, NpyArray> arrays, String key, int count, int depth) {
        NpyArray first = arrays.get("layer0");
        if (first == null || first.shape()[0] != count) {
            throw new IllegalStateException("stored shard " + key + " does not hold " + count + " rows; delete it to recompute");
        }
        List<float[][]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new float[depth + 1][]);
        }
        for (int layer = 0; layer <= depth; layer++) {
            float[][] layerRows = arrays.get("layer" + layer).floatRows();
            for (int i = 0; i < count; i++) {
                rows.get(i)[layer] = layerRows[i];
            }
        }
        return rows;
    }

    private static NpyArray layerArray(List<float[][]> pooled, int layer, String precision) {
        int dim = pooled.isEmpty() ? 0 : pooled.get(0)[layer].length;
        float[] flat = new float[pooled.size() * dim];
        for (int i = 0; i < pooled.size(); i++) {
            System.arraycopy(pooled.get(i)[layer], 0, flat, i * dim, dim);
        }
        return precision.equals("float16") ? NpyArray.float16(flat, pooled.size(), dim) : NpyArray.float32(flat, pooled.size(), dim);
    }
}
