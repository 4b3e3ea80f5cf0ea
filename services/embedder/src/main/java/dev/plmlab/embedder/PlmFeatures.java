package dev.plmlab.embedder;

import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.EmbeddingOptions;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.LayerFeatureFiles;
import dev.plmlab.inference.SequenceEmbedder;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.spec.Backend;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.store.NpzWriter;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * PLM features of a whole dataset, computed slice by slice: each finished slice (shard) is stored at once
 * and slices found stored are reused, so an embedder that dies mid-job loses at most one slice of work.
 * Memory is one token-budget batch plus {@link SequenceEmbedder}'s bounded result buffer: slices are written
 * to local files ({@link LayerFeatureFiles}) and parts are assembled on disk ({@link FeatureObjects}).
 */
final class PlmFeatures {

    /** A backend for a forged model, returning per-token states of the given layers. */
    @FunctionalInterface
    interface BackendOpener {
        InferenceBackend open(Backend backend, ForgedModels.Forged model, Set<Integer> hiddenLayers);
    }

    private final ObjectStore store;
    private final BackendOpener backends;
    private final int shardSize;
    private final Path workRoot;
    private final MeterRegistry registry;

    /**
     * @param shardSize sequences per slice
     * @param workRoot  local scratch space for slices and parts being assembled
     */
    PlmFeatures(ObjectStore store, BackendOpener backends, int shardSize, Path workRoot, MeterRegistry registry) {
        if (shardSize < 1) {
            throw new IllegalArgumentException("plmlab.embedder.shard-size must be at least 1, got " + shardSize);
        }
        this.store = store;
        this.backends = backends;
        this.shardSize = shardSize;
        this.workRoot = workRoot;
        this.registry = registry;
    }

    StoredFeatures extract(EmbeddingsRequest request, PreparedDataset dataset, String featuresId,
                           ForgedModels.Forged forged) throws IOException {
        List<Integer> layers = resolveLayers(request.layers(), forged.layers());
        boolean perResidue = request.pooling() == Pooling.NONE;
        Set<Integer> hidden = perResidue ? new TreeSet<>(layers) : Set.of();
        int residueLimit = Math.min(forged.residueLimit(), 1_000_000);
        EmbeddingOptions options = EmbeddingOptions.defaults()
                .withPolicy(request.longSequences(), residueLimit)
                .withBatching(request.tokenBudget(), 256)
                .withPerResidueLayers(hidden);
        Path work = Files.createTempDirectory(Files.createDirectories(workRoot), featuresId + ".");
        FeatureObjects objects = new FeatureObjects(store, featuresId, layers, request.pooling(), request.precision(),
                forged.embedDim(), work, request.longSequences(), residueLimit);
        InferenceBackend backend = null;
        try {
            for (String part : PreparedDataset.PARTS) {
                List<String> sequences = dataset.part(part).stream().map(Example::sequence).toList();
                try (FeatureObjects.PartFiles files = objects.part(part)) {
                    for (int shard = 0; shard * shardSize < sequences.size(); shard++) {
                        int first = shard * shardSize;
                        List<String> slice = sequences.subList(first, Math.min(sequences.size(), first + shardSize));
                        String key = ObjectKeys.embeddingShard(featuresId, shardSize + "r", part, shard);
                        Path local = work.resolve("slice.npz");
                        if (downloaded(key, local)) {
                            registry.counter("plmlab_embedding_shards_total", "outcome", "reused").increment();
                        } else {
                            if (backend == null) {
                                backend = backends.open(request.backend(), forged, hidden);
                            }
                            SequenceEmbedder embedder = new SequenceEmbedder(backend, Tokenizer.forFamily(forged.family()), options);
                            embedSlice(embedder, layers, perResidue, objects, names(part, first, slice.size()), slice,
                                    work.resolve("slice"), local);
                            store.put(key, local);
                            registry.counter("plmlab_embedding_shards_total", "outcome", "computed").increment();
                        }
                        try (InputStream in = Files.newInputStream(local)) {
                            files.appendShard(in, key, slice.size());
                        }
                        Files.delete(local);
                    }
                    // a second replica given the same job may have finished it: its objects stand, ours go
                    Optional<StoredFeatures> done = objects.finishedElsewhere();
                    if (done.isPresent()) {
                        return done.get();
                    }
                    files.complete();
                }
            }
            return objects.finish(forged.modelId(), dataset);
        } finally {
            if (backend != null) {
                try {
                    backend.close();
                } catch (RuntimeException e) {
                    // closing frees native memory; its failure must not hide the result or the real error
                }
            }
            Folders.deleteRecursively(work);
        }
    }

    /**
     * Fetches a stored slice; false when there is none. A slice that vanishes between the check and the
     * download (another replica finished the job and swept its shards) counts as absent.
     */
    private boolean downloaded(String key, Path local) {
        if (!store.exists(key)) {
            return false;
        }
        try {
            store.download(key, local);
            return true;
        } catch (RuntimeException e) {
            if (store.exists(key)) {
                throw e;
            }
            return false;
        }
    }

    /** Embeds one slice into local per-layer files and packs them as the slice's .npz. */
    private static void embedSlice(SequenceEmbedder embedder, List<Integer> layers, boolean perResidue, FeatureObjects objects,
                                   List<String> names, List<String> slice, Path dir, Path npz) throws IOException {
        Files.createDirectories(dir);
        try (LayerFeatureFiles files = new LayerFeatureFiles(dir, layers, perResidue, objects.dtype())) {
            embedder.embed(names, slice, files);
            files.close();
            try (NpzWriter writer = NpzWriter.create(npz)) {
                for (int layer : layers) {
                    writer.add(FeatureObjects.layerEntry(layer), files.layerFile(layer));
                }
                if (perResidue) {
                    writer.add(FeatureObjects.OFFSETS_ENTRY, files.offsetsFile().orElseThrow());
                }
            }
        } finally {
            Folders.deleteRecursively(dir);
        }
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
}
