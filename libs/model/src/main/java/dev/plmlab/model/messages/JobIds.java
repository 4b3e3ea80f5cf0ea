package dev.plmlab.model.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Job ids are content hashes of everything that determines a job's output, so a repeated or
 * redelivered job finds its output already stored. The content is canonical JSON (sorted keys),
 * so field order never changes an id.
 */
public final class JobIds {

    /** Bump when a stage's computation changes in a way that must not reuse old outputs. */
    public static final int COMPUTATION_VERSION = 1;

    private JobIds() {
    }

    public static String experiment(String specText) {
        return "exp-" + sha256(specText.strip().replace("\r\n", "\n")).substring(0, 24);
    }

    /** The id of a job of {@code stage} whose output is determined by {@code content}. */
    public static String of(String stage, Map<String, ?> content) {
        try {
            String canonical = Messages.mapper().writeValueAsString(
                    Map.of("stage", stage, "v", COMPUTATION_VERSION, "content", content));
            return stage + "-" + sha256(canonical).substring(0, 32);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job content of " + stage + " is not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * What an embedding job's stored features are known by: its job id (which hashes the spec's checkpoint path)
     * with the model's content id (which hashes the checkpoint's bytes), so an edited checkpoint gets new features.
     */
    public static String features(String embeddingJobId, String modelId) {
        return of("features", java.util.Map.of("embeddings", embeddingJobId, "model", modelId));
    }
}
