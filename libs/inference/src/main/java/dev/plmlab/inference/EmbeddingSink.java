package dev.plmlab.inference;

import java.io.IOException;
import java.util.List;

/**
 * Receives {@link SequenceEmbedder}'s results chunk by chunk, in input order: the first call gets inputs
 * {@code 0 .. k-1}, the next {@code k ..}, and so on, with no gaps. Once it returns, the embedder holds no
 * reference to the chunk; a sink that keeps nothing keeps the embedder's memory bounded.
 * {@link LayerFeatureFiles} is the one that writes per-layer {@code .npy} files.
 */
@FunctionalInterface
public interface EmbeddingSink {

    /**
     * @param firstIndex input index of {@code embeddings.get(0)}
     * @param embeddings one per input {@code firstIndex .. firstIndex + size - 1}; identical inputs in one chunk
     *                   share one result object
     */
    void accept(int firstIndex, List<SequenceEmbedding> embeddings) throws IOException;
}
