package dev.plmlab.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** JSON objects in the object store, encoded as the messages are. */
public final class StoredJson {

    private StoredJson() {
    }

    public static void put(ObjectStore store, String key, Object value) {
        store.put(key, Messages.toJson(value).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public static <T> Optional<T> get(ObjectStore store, String key, Class<T> type) {
        return store.get(key).map(bytes -> {
            try {
                return Messages.mapper().readValue(bytes, type);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored object " + key + " is not a valid " + type.getSimpleName()
                        + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
            }
        });
    }

    /**
     * The object at {@code key}, after checking that its bytes are the ones a job was planned for: an
     * object replaced since (a dataset re-prepared from an edited file) fails the job instead of being
     * read silently.
     */
    public static <T> T requireWithSha256(ObjectStore store, String key, String sha256, Class<T> type) {
        byte[] bytes = store.get(key).orElseThrow(() -> new IllegalStateException(
                "missing " + type.getSimpleName() + " at " + key + " in bucket " + store.bucket()));
        String actual = dev.plmlab.model.messages.JobIds.sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException(type.getSimpleName() + " at " + key + " has changed since this job was planned"
                    + " (sha256 " + actual + ", planned " + sha256 + "); submit the experiment again to use the new content");
        }
        try {
            return Messages.mapper().readValue(bytes, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored object " + key + " is not a valid " + type.getSimpleName()
                    + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    public static <T> T require(ObjectStore store, String key, Class<T> type) {
        return get(store, key, type).orElseThrow(() -> new IllegalStateException(
                "missing " + type.getSimpleName() + " at " + key + " in bucket " + store.bucket()));
    }
}
