package dev.plmlab.inference;

import dev.plmlab.forge.tokens.Alphabet;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.forge.tokens.UnknownTokenException;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p><b>Bounded memory.</b> {@link #embed(List, List, EmbeddingSink)} works through the input in contiguous
 * chunks and hands each chunk's results to a sink before starting the next, so what it holds is one chunk's
 * results plus the batches in flight, whatever the number of sequences:
 * <ul>
 *   <li>a chunk ends once its distinct sequences' results (pooled layers, per-residue states, tokens)
 *       reach {@link EmbeddingOptions#outputBudgetBytes()} (at least one sequence per chunk);</li>
 *   <li>with per-residue layers, a batch has at most {@code outputBudgetBytes / (layers x D x 4)} padded
 *       tokens (and at most {@link EmbeddingOptions#tokenBudget()}), which bounds the backend's hidden
 *       outputs [B, T, D] per layer; a single segment wider than that still runs, alone. The same cap applies
 *       with the hidden layers a backend computes whether asked or not
 *       ({@link OutputShape#computedHiddenLayers()}: ONNX Runtime holds every output of a graph);</li>
 *   <li>the model width D and depth L+1 come from {@link InferenceBackend#outputShape()} or else from the
 *       first result: until then a chunk is at most 64 inputs (pooled layers only) or, with per-residue
 *       layers, the first input alone with its segments one per batch.</li>
 * </ul>
 * Identical token sequences are embedded once within a chunk. Every input is tokenised and checked
 * against the long-sequence policy before the first batch runs, so a bad letter or a sequence over the
 * limit (policy {@code error}) fails before any compute.
 *
 * <p>A batch the backend cannot hold ({@link InferenceException#outOfMemory()}) is split in halves, each
 * padded to its own longest row, and retried, down to single sequences; a sequence that fails alone is
 * reported by name, length and token count. Other failures propagate at once.
 *
 * <p>Thread-safe if the backend is; {@link #embed} calls share nothing but the learned model shape.
 */
public final class SequenceEmbedder {

    private static final int FLOAT_BYTES = 4;
    /** Inputs in the first chunk when the model's shape is unknown and only pooled layers are asked for. */
    static final int UNKNOWN_SHAPE_POOLED_CHUNK = 64;

    private final InferenceBackend backend;
    private final Tokenizer tokenizer;
    private final EmbeddingOptions options;
    private final LongSequences longSequences;
    /** L+1 and D once a result has been seen (the same backend always returns the same shape). */
    private volatile OutputShape shape;

    public SequenceEmbedder(InferenceBackend backend, Tokenizer tokenizer, EmbeddingOptions options) {
        this.backend = backend;
        this.tokenizer = tokenizer;
        this.options = options;
        this.longSequences = new LongSequences(options.policy(), options.residueLimit());
        this.shape = backend.outputShape().orElse(null);
    }

    /** Embeds sequences named in errors by their 0-based input index ({@code #3}). */
    public List<SequenceEmbedding> embed(List<String> sequences) {
        return embed(indexNames(sequences.size()), sequences);
    }

    /**
     * Every result at once: memory grows with the input, so use {@link #embed(List, List, EmbeddingSink)} for
     * large inputs. Identical sequences anywhere in the input are embedded once and share one result object.
     *
     * @param names     one per sequence, used in error messages (ids from the dataset)
     * @param sequences residue strings in the tokenizer's alphabet
     * @return one embedding per input, in input order
     */
    public List<SequenceEmbedding> embed(List<String> names, List<String> sequences) {
        requireSameSize(names, sequences);
        Map<String, Integer> firstOf = new HashMap<>();
        List<String> uniqueNames = new ArrayList<>();
        List<String> uniqueSequences = new ArrayList<>();
        int[] uniqueOf = new int[sequences.size()];
        for (int i = 0; i < sequences.size(); i++) {
            Integer known = firstOf.putIfAbsent(sequences.get(i), uniqueSequences.size());
            if (known == null) {
                uniqueOf[i] = uniqueSequences.size();
                uniqueSequences.add(sequences.get(i));
                uniqueNames.add(names.get(i));
            } else {
                uniqueOf[i] = known;
            }
        }
        SequenceEmbedding[] perUnique = new SequenceEmbedding[uniqueSequences.size()];
        try {
            embed(uniqueNames, uniqueSequences, (first, chunk) -> {
                for (int j = 0; j < chunk.size(); j++) {
                    perUnique[first + j] = chunk.get(j);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // this sink does no I/O
        }
        List<SequenceEmbedding> out = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            out.add(perUnique[uniqueOf[i]]);
        }
        return out;
    }

    /** Streams sequences named in errors by their 0-based input index ({@code #3}). */
    public void embed(List<String> sequences, EmbeddingSink sink) throws IOException {
        embed(indexNames(sequences.size()), sequences, sink);
    }

    /**
     * Embeds the sequences and hands the results to {@code sink} chunk by chunk, in input order, holding at
     * most about {@link EmbeddingOptions#outputBudgetBytes()} of results plus the batches in flight.
     *
     * @throws IOException what the sink throws; embedding stops there
     */
    public void embed(List<String> names, List<String> sequences, EmbeddingSink sink) throws IOException {
        requireSameSize(names, sequences);
        for (int i = 0; i < sequences.size(); i++) {
            // fail before any compute: letters, and the limit under policy 'error'
            longSequences.segments(encode(sequences.get(i), i, names.get(i)), names.get(i));
        }
        int start = 0;
        while (start < sequences.size()) {
            Chunk chunk = gather(names, sequences, start, shape);
            List<SequenceEmbedding> results = run(chunk);
            sink.accept(start, results);
            start = chunk.end();
        }
    }

    private static List<String> indexNames(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add("#" + i);
        }
        return names;
    }

    private static void requireSameSize(List<String> names, List<String> sequences) {
        if (names.size() != sequences.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + sequences.size() + " sequences");
        }
    }

    /**
     * Inputs {@code start ..} up to the output budget: the distinct ones with their segments, and for each
     * input which distinct one it is. With the model's shape unknown, the first input alone.
     */
    private Chunk gather(List<String> names, List<String> sequences, int start, OutputShape known) {
        Map<TokenKey, Integer> distinct = new HashMap<>();
        List<Unique> uniques = new ArrayList<>();
        List<Integer> uniqueOf = new ArrayList<>();
        long held = 0;
        int end = start;
        // shape unknown: pooled results are small whatever the model (<= 1 MiB each), per-residue ones are not
        int unknownShapeChunk = options.perResidueLayers().isEmpty() ? UNKNOWN_SHAPE_POOLED_CHUNK : 1;
        while (end < sequences.size() && (end == start
                || (known != null ? held < options.outputBudgetBytes() : end - start < unknownShapeChunk))) {
            long[] residues = encode(sequences.get(end), end, names.get(end));
            Integer seen = distinct.putIfAbsent(new TokenKey(residues), uniques.size());
            if (seen == null) {
                uniqueOf.add(uniques.size());
                List<Segment> segments = longSequences.segments(residues, names.get(end));
                uniques.add(new Unique(residues, names.get(end), segments));
                held += heldBytes(residues, segments, known);
            } else {
                uniqueOf.add(seen);
            }
            end++;
        }
        return new Chunk(end, uniques, uniqueOf.stream().mapToInt(Integer::intValue).toArray(), known);
    }

    /** What one distinct sequence's results and inputs take while its chunk is held. */
    private long heldBytes(long[] residues, List<Segment> segments, OutputShape known) {
        long segmentResidues = segments.stream().mapToLong(Segment::length).sum();
        long bytes = residues.length * 8L + segmentResidues * 12L;
        if (known != null) {
            long perResidue = (long) options.perResidueLayers().size() * known.width() * FLOAT_BYTES;
            bytes += segments.size() * (long) known.layers() * known.width() * FLOAT_BYTES;
            // segments' states, and for windows the combined states too
            bytes += segmentResidues * perResidue + (segments.size() > 1 ? residues.length * perResidue : 0);
        }
        return bytes;
    }

    /**
     * Most padded tokens per batch: the token budget, capped by the output budget when per-token states are
     * held, for the per-residue layers asked for or for every layer the backend computes anyway.
     */
    private long batchTokens(OutputShape known) {
        if (known == null) {
            // width unknown: each segment alone when per-residue states are asked for
            return options.perResidueLayers().isEmpty() ? options.tokenBudget() : 1;
        }
        int heldLayers = Math.max(options.perResidueLayers().size(), known.computedHiddenLayers());
        if (heldLayers == 0) {
            return options.tokenBudget();
        }
        long perToken = (long) heldLayers * Math.max(1, known.width()) * FLOAT_BYTES;
        return Math.max(1, Math.min(options.tokenBudget(), options.outputBudgetBytes() / perToken));
    }

    private List<SequenceEmbedding> run(Chunk chunk) {
        List<WorkItem> items = new ArrayList<>();
        for (int u = 0; u < chunk.uniques().size(); u++) {
            Unique unique = chunk.uniques().get(u);
            for (int s = 0; s < unique.segments().size(); s++) {
                items.add(new WorkItem(u, s, unique.segments().get(s), unique.name()));
            }
        }
        ItemResult[] results = new ItemResult[items.size()];
        int[] lengths = items.stream().mapToInt(item -> framedLength(item.segment())).toArray();
        TokenBudgetBatcher batcher = new TokenBudgetBatcher(batchTokens(chunk.shape()), options.maxBatchSize());
        runAll(items, batcher.plan(lengths), results);

        SequenceEmbedding[] perUnique = new SequenceEmbedding[chunk.uniques().size()];
        int at = 0;
        for (int u = 0; u < perUnique.length; u++) {
            Unique unique = chunk.uniques().get(u);
            int n = unique.segments().size();
            List<ItemResult> parts = Arrays.asList(results).subList(at, at + n);
            perUnique[u] = combine(unique.segments(), parts, unique.residues().length);
            Arrays.fill(results, at, at + n, null); // the segments' states are garbage once combined
            at += n;
        }
        if (shape == null && perUnique.length > 0 && perUnique[0].pooled().length > 0) {
            float[][] pooled = perUnique[0].pooled();
            shape = new OutputShape(pooled.length, pooled.length == 0 ? 0 : pooled[0].length);
        }
        List<SequenceEmbedding> out = new ArrayList<>(chunk.uniqueOf().length);
        for (int u : chunk.uniqueOf()) {
            out.add(perUnique[u]);
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

    /** A distinct sequence of a chunk. */
    private record Unique(long[] residues, String name, List<Segment> segments) {
    }

    /**
     * Inputs up to {@code end} (exclusive): their distinct sequences, which one each input is, and the
     * model shape known when the chunk was planned (null before the first result).
     */
    private record Chunk(int end, List<Unique> uniques, int[] uniqueOf, OutputShape shape) {
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
