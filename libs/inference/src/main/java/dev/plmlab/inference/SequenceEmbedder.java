package dev.plmlab.inference;

import dev.plmlab.forge.tokens.Alphabet;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.forge.tokens.UnknownTokenException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The embedding loop: tokenise, embed each distinct sequence once, apply the long-sequence policy, batch
 * by token budget, run the backend, and hand back one {@link SequenceEmbedding} per input in input order.
 *
 * <p>A batch the backend cannot hold ({@link InferenceException#outOfMemory()}) is split in halves, each
 * padded to its own longest row, and retried, down to single sequences; a sequence that fails alone is
 * reported by name, length and token count. Other failures propagate at once.
 *
 * <p>Thread-safe if the backend is; {@link #embed} calls share nothing.
 */
public final class SequenceEmbedder {

    private final InferenceBackend backend;
    private final Tokenizer tokenizer;
    private final EmbeddingOptions options;
    private final LongSequences longSequences;
    private final TokenBudgetBatcher batcher;

    public SequenceEmbedder(InferenceBackend backend, Tokenizer tokenizer, EmbeddingOptions options) {
        this.backend = backend;
        this.tokenizer = tokenizer;
        this.options = options;
        this.longSequences = new LongSequences(options.policy(), options.residueLimit());
        this.batcher = new TokenBudgetBatcher(options.tokenBudget(), options.maxBatchSize());
    }

    /** Embeds sequences named in errors by their 0-based input index ({@code #3}). */
    public List<SequenceEmbedding> embed(List<String> sequences) {
        List<String> names = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            names.add("#" + i);
        }
        return embed(names, sequences);
    }

    /**
     * @param names     one per sequence, used in error messages (ids from the dataset)
     * @param sequences residue strings in the tokenizer's alphabet
     * @return one embedding per input, in input order; identical inputs share one result object
     */
    public List<SequenceEmbedding> embed(List<String> names, List<String> sequences) {
        if (names.size() != sequences.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + sequences.size() + " sequences");
        }
        // identical token sequences are embedded once: datasets repeat sequences across splits and labels
        Map<TokenKey, Integer> distinct = new HashMap<>();
        List<long[]> uniqueResidues = new ArrayList<>();
        List<String> uniqueNames = new ArrayList<>();
        int[] uniqueOf = new int[sequences.size()];
        for (int i = 0; i < sequences.size(); i++) {
            long[] residues = encode(sequences.get(i), i, names.get(i));
            Integer known = distinct.putIfAbsent(new TokenKey(residues), uniqueResidues.size());
            if (known == null) {
                uniqueOf[i] = uniqueResidues.size();
                uniqueResidues.add(residues);
                uniqueNames.add(names.get(i));
            } else {
                uniqueOf[i] = known;
            }
        }

        List<WorkItem> items = new ArrayList<>();
        List<List<Segment>> segmentsOf = new ArrayList<>();
        for (int u = 0; u < uniqueResidues.size(); u++) {
            List<Segment> segments = longSequences.segments(uniqueResidues.get(u), uniqueNames.get(u));
            segmentsOf.add(segments);
            for (int s = 0; s < segments.size(); s++) {
                items.add(new WorkItem(u, s, segments.get(s), uniqueNames.get(u)));
            }
        }

        ItemResult[] results = new ItemResult[items.size()];
        int[] lengths = items.stream().mapToInt(item -> framedLength(item.segment())).toArray();
        runAll(items, batcher.plan(lengths), results);

        SequenceEmbedding[] perUnique = new SequenceEmbedding[uniqueResidues.size()];
        int at = 0;
        for (int u = 0; u < uniqueResidues.size(); u++) {
            List<Segment> segments = segmentsOf.get(u);
            List<ItemResult> parts = Arrays.asList(results).subList(at, at + segments.size());
            at += segments.size();
            perUnique[u] = combine(segments, parts, uniqueResidues.get(u).length);
        }
        List<SequenceEmbedding> out = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            out.add(perUnique[uniqueOf[i]]);
        }
        return out;
    }

    private long[] encode(String sequence, int index, String name) {
        try {
            return tokenizer.encode(sequence);
        } catch (UnknownTokenException e) {
            throw new IllegalArgumentException("sequence " + name + ": position " + e.position() + ": letter '"
                    + e.letter() + "' is not in the model's alphabet", e);
        }
    }

    /**
     * Runs every batch, {@link EmbeddingOptions#concurrentBatches()} at a time; each writes only its own
     * items' result slots. The first failure is thrown once the batches in flight have ended.
     */
    private void runAll(List<WorkItem> items, List<TokenBudgetBatcher.Batch> batches, ItemResult[] results) {
        if (options.concurrentBatches() == 1 || batches.size() == 1) {
            for (TokenBudgetBatcher.Batch batch : batches) {
                runSplittingOnMemory(items, Arrays.stream(batch.indices()).boxed().toList(), results);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.concurrentBatches(), batches.size()), r -> {
            Thread t = new Thread(r, "sequence-embedder");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (TokenBudgetBatcher.Batch batch : batches) {
                List<Integer> indices = Arrays.stream(batch.indices()).boxed().toList();
                running.add(pool.submit(() -> runSplittingOnMemory(items, indices, results)));
            }
            RuntimeException failure = null;
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new InferenceException("a batch failed: " + e.getCause(), false, e.getCause());
                        running.forEach(f -> f.cancel(false)); // queued batches need not run
                    }
                } catch (java.util.concurrent.CancellationException ignored) {
                    // cancelled after an earlier failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceException("interrupted while embedding", false, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the given items as one batch; on an out-of-memory failure, as two halves, recursively. */
    private void runSplittingOnMemory(List<WorkItem> items, List<Integer> indices, ItemResult[] results) {
        long[][] tokens = frame(items, indices);
        BackendOutputs outputs;
        try {
            outputs = backend.infer(tokens);
        } catch (InferenceException e) {
            if (!e.outOfMemory()) {
                throw e;
            }
            if (indices.size() == 1) {
                WorkItem item = items.get(indices.get(0));
                throw new InferenceException("sequence " + item.name() + " does not fit in " + backend.describe()
                        + " even alone: " + item.segment().length() + " residues (" + tokens[0].length
                        + " tokens); lower the residue limit or use a backend with more memory. Cause: "
                        + e.getMessage(), true, e);
            }
            int half = indices.size() / 2;
            runSplittingOnMemory(items, indices.subList(0, half), results);
            runSplittingOnMemory(items, indices.subList(half, indices.size()), results);
            return;
        }
        if (outputs.batchSize() != indices.size()) {
            throw new InferenceException(backend.describe() + " returned " + outputs.batchSize() + " rows for a batch of "
                    + indices.size());
        }
        for (int layer : options.perResidueLayers()) {
            if (!outputs.hidden().containsKey(layer)) {
                throw new InferenceException(backend.describe() + " returns no per-token states for layer " + layer
                        + ": forge the model with that hidden layer and configure the backend to request it");
            }
        }
        int offset = tokenizer.alphabet().prependBos() ? 1 : 0;
        for (int row = 0; row < indices.size(); row++) {
            Segment segment = items.get(indices.get(row)).segment();
            Map<Integer, float[][]> states = new TreeMap<>();
            for (int layer : options.perResidueLayers()) {
                float[][] tokenStates = outputs.hidden().get(layer)[row];
                states.put(layer, Arrays.copyOfRange(tokenStates, offset, offset + segment.length()));
            }
            results[indices.get(row)] = new ItemResult(outputs.mean()[row], states);
        }
    }

    private SequenceEmbedding combine(List<Segment> segments, List<ItemResult> parts, int sequenceLength) {
        float[][] pooled = WindowPooling.pooled(segments, parts.stream().map(ItemResult::mean).toList());
        Map<Integer, float[][]> perResidue = new TreeMap<>();
        for (int layer : options.perResidueLayers()) {
            List<float[][]> states = parts.stream().map(p -> p.states().get(layer)).toList();
            perResidue.put(layer, WindowPooling.perResidue(segments, states, sequenceLength).states());
        }
        return new SequenceEmbedding(pooled, perResidue, WindowPooling.coveredPositions(segments, sequenceLength),
                segments.size());
    }

    /** Start token + residues + stop token, as the family's reference batch converter frames them. */
    private int framedLength(Segment segment) {
        Alphabet alphabet = tokenizer.alphabet();
        return segment.length() + (alphabet.prependBos() ? 1 : 0) + (alphabet.appendEos() ? 1 : 0);
    }

    private long[][] frame(List<WorkItem> items, List<Integer> indices) {
        Alphabet alphabet = tokenizer.alphabet();
        int width = 0;
        for (int index : indices) {
            width = Math.max(width, framedLength(items.get(index).segment()));
        }
        long[][] tokens = new long[indices.size()][width];
        for (int row = 0; row < indices.size(); row++) {
            long[] residues = items.get(indices.get(row)).segment().residues();
            Arrays.fill(tokens[row], alphabet.paddingIndex());
            int at = 0;
            if (alphabet.prependBos()) {
                tokens[row][at++] = alphabet.clsIndex().getAsInt();
            }
            System.arraycopy(residues, 0, tokens[row], at, residues.length);
            at += residues.length;
            if (alphabet.appendEos()) {
                tokens[row][at] = alphabet.eosIndex().getAsInt();
            }
        }
        return tokens;
    }

    /** One model input: segment {@code segmentIndex} of distinct sequence {@code unique}. */
    private record WorkItem(int unique, int segmentIndex, Segment segment, String name) {
    }

    private record ItemResult(float[][] mean, Map<Integer, float[][]> states) {
    }

    /** Token arrays compared by content, to find repeated sequences. */
    private record TokenKey(long[] tokens) {

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenKey other && Arrays.equals(tokens, other.tokens);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(tokens);
        }
    }
}
