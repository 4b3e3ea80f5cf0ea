package dev.plmlab.forge.checkpoint;

/**
 * A storage named by a pickle's persistent id; its bytes stay on disk until a tensor that uses it is
 * materialised, so optimizer state and other unused storages in real checkpoints are never read.
 *
 * @param key   the storage key (the zip entry {@code data/<key>}, or the legacy stream's key)
 * @param type  element type
 * @param numel number of elements the pickle declares
 */
record StorageRef(String key, StorageType type, long numel) {
}
