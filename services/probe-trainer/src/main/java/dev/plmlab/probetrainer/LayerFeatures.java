package dev.plmlab.probetrainer;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.Npy;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads one layer of an embedding job's stored features, part by part, streamed from the store: a probe
 * job never reads a layer it does not train on. Bytes read are counted ({@code plmlab_features_read_bytes_total})
 * and logged beside the layer objects' sizes.
 */
final class LayerFeatures {

    private static final Logger LOG = Logger.getLogger(LayerFeatures.class);

    private final ObjectStore store;
    private final Counter bytesRead;

    LayerFeatures(ObjectStore store, MeterRegistry registry) {
        this.store = store;
        this.bytesRead = registry.counter("plmlab_features_read_bytes_total");
    }

    /** The arrays of {@code layer} for every part, by part name. */
    Map<String, NpyArray> read(String featuresId, int layer) {
        StoredFeatures manifest = StoredJson.require(store, ObjectKeys.embeddingManifest(featuresId), StoredFeatures.class);
        if (manifest.pooling() == Pooling.NONE) {
            throw new IllegalStateException("features " + featuresId + " are per residue (pooling: none): the probes here"
                    + " fit one row per sequence; use pooling: mean");
        }
        if (!manifest.layers().contains(layer)) {
            throw new IllegalStateException("features " + featuresId + " hold layers " + manifest.layers() + ", not " + layer);
        }
        Map<String, NpyArray> parts = new LinkedHashMap<>();
        long read = 0;
        long stored = 0;
        for (String part : PreparedDataset.PARTS) {
            String key = ObjectKeys.embeddingLayer(featuresId, part, layer);
            long[] counted = new long[1];
            NpyArray array = store.read(key, in -> Npy.read(new CountingStream(in, counted))).orElseThrow(() ->
                    new IllegalStateException("features " + featuresId + " list layer " + layer + " but " + key + " is missing"));
            parts.put(part, array);
            read += counted[0];
            stored += manifest.layerBytes().getOrDefault(part, 0L);
        }
        bytesRead.increment(read);
        LOG.infof("features %s layer %d: read %d bytes; its layer objects hold %d bytes", featuresId, layer, read, stored);
        return parts;
    }

    private static final class CountingStream extends FilterInputStream {
        private final long[] count;

        CountingStream(InputStream in, long[] count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count[0]++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count[0] += n;
            }
            return n;
        }
    }
}
