package dev.plmlab.probetrainer;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.Npy;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads one layer of an embedding job's stored features: each part's layer object is downloaded to local
 * scratch space and memory-mapped ({@link MappedLayer}), with the per-residue offsets beside it. A probe
 * job never reads a layer it does not train on. Bytes read are counted
 * ({@code plmlab_features_read_bytes_total}) and logged beside the layer objects' sizes.
 */
final class LayerFeatures {

    private static final Logger LOG = Logger.getLogger(LayerFeatures.class);

    private final ObjectStore store;
    private final Counter bytesRead;
    private final Path scratch;

    LayerFeatures(ObjectStore store, MeterRegistry registry, Path scratch) {
        this.store = store;
        this.bytesRead = registry.counter("plmlab_features_read_bytes_total");
        this.scratch = scratch;
    }

    /** The stored manifest of a features id. */
    StoredFeatures manifest(String featuresId) {
        return StoredJson.require(store, ObjectKeys.embeddingManifest(featuresId), StoredFeatures.class);
    }

    /** The layer's rows of every part, and per residue each part's offsets; close it to delete the local copies. */
    Layer read(StoredFeatures manifest, int layer) throws IOException {
        String featuresId = manifest.featuresId();
        if (!manifest.layers().contains(layer)) {
            throw new IllegalStateException("features " + featuresId + " hold layers " + manifest.layers() + ", not " + layer);
        }
        Path dir = Files.createTempDirectory(Files.createDirectories(scratch), featuresId + ".layer-" + layer + ".");
        Layer result = new Layer(manifest, dir);
        try {
            long read = 0;
            long stored = 0;
            for (String part : PreparedDataset.PARTS) {
                String key = ObjectKeys.embeddingLayer(featuresId, part, layer);
                if (!store.exists(key)) {
                    throw new IllegalStateException("features " + featuresId + " list layer " + layer + " but " + key + " is missing");
                }
                Path local = dir.resolve(part + ".npy");
                store.download(key, local);
                read += Files.size(local);
                stored += manifest.layerBytes().getOrDefault(part, 0L);
                result.rows.put(part, new MappedLayer(local, key));
                if (manifest.pooling() == Pooling.NONE) {
                    String offsetsKey = ObjectKeys.embeddingOffsets(featuresId, part);
                    CountingInputStream[] counting = new CountingInputStream[1];
                    long[] offsets = store.read(offsetsKey, in -> Npy.read(counting[0] = new CountingInputStream(in)).longs())
                            .orElseThrow(() -> new IllegalStateException("per-residue features " + featuresId + " lack "
                                    + offsetsKey));
                    read += counting[0].count();
                    result.offsets.put(part, offsets);
                }
            }
            bytesRead.increment(read);
            LOG.infof("features %s layer %d: read %d bytes; its layer objects hold %d bytes", featuresId, layer, read, stored);
            return result;
        } catch (IOException | RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** One layer of every part, mapped from local files. */
    static final class Layer implements AutoCloseable {
        final StoredFeatures manifest;
        final Map<String, MappedLayer> rows = new LinkedHashMap<>();
        final Map<String, long[]> offsets = new LinkedHashMap<>();
        private final Path dir;

        private Layer(StoredFeatures manifest, Path dir) {
            this.manifest = manifest;
            this.dir = dir;
        }

        MappedLayer part(String part) {
            MappedLayer layer = rows.get(part);
            if (layer == null) {
                throw new IllegalStateException("the layer holds no part '" + part + "' (it holds " + rows.keySet() + ")");
            }
            return layer;
        }

        @Override
        public void close() {
            rows.clear(); // the mappings go with their buffers; deleting the files is safe on Linux either way
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the probe's scratch folder " + dir, e);
            }
        }
    }
}
