package dev.plmlab.model.messages;

import java.util.List;

/** Features are in the store under {@code embeddingsKey}; one entry per layer. */
public record EmbeddingsReady(int version, String jobId, String experimentId, String taskName, String embeddingsKey,
                              List<Integer> layers, boolean cached) {
}
