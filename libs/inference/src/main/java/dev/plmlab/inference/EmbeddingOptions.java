package dev.plmlab.inference;

import dev.plmlab.model.spec.LongSequencePolicy;

import java.util.Set;
import java.util.TreeSet;

/**
 * How {@link SequenceEmbedder} runs.
 *
 * @param policy           what to do with sequences longer than {@code residueLimit}
 * @param residueLimit     most residues the model takes in one input (1022 for ESM-1b/ESM-2)
 * @param tokenBudget      most padded token positions (B x T) per batch sent to the backend
 * @param maxBatchSize     most rows per batch, whatever their length
 * @param perResidueLayers layers whose per-residue states to return (the backend must output them)
 * @param concurrentBatches batches sent to the backend at once: 1 for in-process ORT (which parallelises
 *                          inside a batch); more for a Triton server, whose dynamic batching and instances
 *                          only stay busy with several requests in flight
 * @param outputBudgetBytes most bytes of results {@link SequenceEmbedder} holds: a batch with per-residue
 *                          layers gets at most {@code outputBudgetBytes / (layers x D x 4)} padded tokens,
 *                          and the results of a chunk of inputs are handed to the sink once they reach it
 */
public record EmbeddingOptions(LongSequencePolicy policy, int residueLimit, long tokenBudget, int maxBatchSize,
                               Set<Integer> perResidueLayers, int concurrentBatches, long outputBudgetBytes) {

    /** ESM's limit: 1024 positions less {@code <cls>} and {@code <eos>}. */
    public static final int ESM_RESIDUE_LIMIT = 1022;

    /** 128 MiB: 770 tokens of all 34 layers of a 1280-wide model, or about 770 sequences' pooled layers. */
    public static final long DEFAULT_OUTPUT_BUDGET_BYTES = 128L << 20;

    public EmbeddingOptions {
        java.util.Objects.requireNonNull(policy, "policy");
        if (residueLimit < 2) {
            throw new IllegalArgumentException("residue limit must be >= 2, got " + residueLimit);
        }
        if (tokenBudget < 1 || maxBatchSize < 1 || concurrentBatches < 1 || outputBudgetBytes < 1) {
            throw new IllegalArgumentException("token budget, max batch size, concurrent batches and output budget must be >= 1");
        }
        perResidueLayers = Set.copyOf(new TreeSet<>(perResidueLayers));
    }

    /**
     * ESM defaults: error on long sequences, limit 1022, 16k tokens per batch, pooled layers only, one batch
     * at a time, 128 MiB of results.
     */
    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(LongSequencePolicy.ERROR, ESM_RESIDUE_LIMIT, 16_384, 256, Set.of(), 1,
                DEFAULT_OUTPUT_BUDGET_BYTES);
    }

    public EmbeddingOptions withPolicy(LongSequencePolicy policy, int residueLimit) {
        return new EmbeddingOptions(policy, residueLimit, tokenBudget, maxBatchSize, perResidueLayers, concurrentBatches, outputBudgetBytes);
    }

    public EmbeddingOptions withBatching(long tokenBudget, int maxBatchSize) {
        return new EmbeddingOptions(policy, residueLimit, tokenBudget, maxBatchSize, perResidueLayers, concurrentBatches, outputBudgetBytes);
    }

    public EmbeddingOptions withConcurrentBatches(int batches) {
        return new EmbeddingOptions(policy, residueLimit, tokenBudget, maxBatchSize, perResidueLayers, batches, outputBudgetBytes);
    }

    public EmbeddingOptions withPerResidueLayers(Set<Integer> layers) {
        return new EmbeddingOptions(policy, residueLimit, tokenBudget, maxBatchSize, layers, concurrentBatches, outputBudgetBytes);
    }

    public EmbeddingOptions withOutputBudget(long bytes) {
        return new EmbeddingOptions(policy, residueLimit, tokenBudget, maxBatchSize, perResidueLayers, concurrentBatches, bytes);
    }
}
