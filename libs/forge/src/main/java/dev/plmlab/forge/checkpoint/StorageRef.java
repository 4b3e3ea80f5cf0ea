package dev.plmlab.forge.checkpoint;

/**
 * A storage named by a pickle's persistent id; its bytes stay on disk until a tensor that uses it is
 * materialised, so optimizer state and other unused storages in real checkpoints are never read.
 *
 * @param key      the storage key (the zip entry {@code data/<key>}, or the legacy stream's key)
 * @param type     element type
 * @param numel    number of elements the pickle declares
 * @param root     for a legacy storage view, the storage it views; else null
 * @param viewOffset for a legacy view, its offset in elements into {@code root}; else 0
 */
record StorageRef(String key, StorageType type, long numel, StorageRef root, long viewOffset) {

    static StorageRef of(String key, StorageType type, long numel) {
        return new StorageRef(key, type, numel, null, 0);
    }
}
