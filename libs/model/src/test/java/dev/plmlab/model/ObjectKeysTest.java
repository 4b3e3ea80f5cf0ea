package dev.plmlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void featuresLiveOnePartAndLayerPerObject() {
        assertEquals("embeddings/features-ab12/train/layer-33.npy", ObjectKeys.embeddingLayer("features-ab12", "train", 33));
        assertEquals("embeddings/features-ab12/test/offsets.npy", ObjectKeys.embeddingOffsets("features-ab12", "test"));
        assertEquals("embeddings/features-ab12/features.json", ObjectKeys.embeddingManifest("features-ab12"));
        assertEquals("embeddings/features-ab12/shards-256r/val-3.npz", ObjectKeys.embeddingShard("features-ab12", "256r", "val", 3));
    }

    @Test
    void idsThatCouldLeaveTheirFolderAreRefused() {
        for (String bad : new String[] {"../x", "a/b", "", "a\\b", "..", "x y", "é"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectKeys.embeddingManifest(bad), bad);
            assertEquals("'" + bad + "' cannot be part of an object key: use letters, digits, '-', '_' and '.'", e.getMessage());
        }
    }
}
