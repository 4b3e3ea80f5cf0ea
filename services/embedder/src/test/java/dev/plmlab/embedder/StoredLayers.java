package dev.plmlab.embedder;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.store.Npy;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Test access to what the embedder stores and reads, through the real store. */
final class StoredLayers {

    /** A dataset as dataset-prep stores it, with the sha256 a job carries. */
    record StoredDataset(String key, String sha256) {
    }

    private StoredLayers() {
    }

    static StoredDataset put(ObjectStore store, PreparedDataset dataset) {
        String key = ObjectKeys.dataset("dataset-" + UUID.randomUUID());
        byte[] bytes = Messages.toJson(dataset).getBytes(StandardCharsets.UTF_8);
        store.put(key, bytes, "application/json");
        return new StoredDataset(key, JobIds.sha256(bytes));
    }

    static NpyArray layer(ObjectStore store, String featuresId, String part, int layer) {
        String key = ObjectKeys.embeddingLayer(featuresId, part, layer);
        return Npy.fromBytes(store.get(key).orElseThrow(() -> new AssertionError("no object " + key)));
    }

    static long[] offsets(ObjectStore store, String featuresId, String part) {
        String key = ObjectKeys.embeddingOffsets(featuresId, part);
        return Npy.fromBytes(store.get(key).orElseThrow(() -> new AssertionError("no object " + key))).longs();
    }
}
