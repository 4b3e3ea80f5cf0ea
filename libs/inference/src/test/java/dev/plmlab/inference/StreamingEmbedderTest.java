package dev.plmlab.inference;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.model.spec.LongSequencePolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SequenceEmbedder#embed(List, List, EmbeddingSink)}: chunks in input order, dedupe, the output budget. */
class StreamingEmbedderTest {

    private static final int LAYERS = 5;
    private static final int WIDTH = 16;
    private final Tokenizer tokenizer = Tokenizer.forFamily(Family.ESM2);

    private static List<String> randomSequences(int n, int minLength, int maxLength, long seed) {
        Random random = new Random(seed);
        String letters = "ACDEFGHIKLMNPQRSTVWY";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            StringBuilder s = new StringBuilder();
            for (int r = 0; r < length; r++) {
                s.append(letters.charAt(random.nextInt(letters.length())));
            }
            out.add(s.toString());
        }
        return out;
    }

    /** Records every chunk and checks they arrive contiguous, from 0. */
    private static final class RecordingSink implements EmbeddingSink {
        final List<SequenceEmbedding> all = new ArrayList<>();
        final List<Integer> chunkSizes = new ArrayList<>();

        @Override
        public void accept(int firstIndex, List<SequenceEmbedding> embeddings) {
            assertEquals(all.size(), firstIndex, "chunks arrive in input order, without gaps");
            assertTrue(!embeddings.isEmpty());
            chunkSizes.add(embeddings.size());
            all.addAll(embeddings);
        }
    }

    private void assertPooledIsItsInput(List<String> input, List<SequenceEmbedding> out) {
        assertEquals(input.size(), out.size());
        for (int i = 0; i < input.size(); i++) {
            float checksum = SyntheticBackend.checksum(tokenizer.encode(input.get(i)), 1);
            float[][] pooled = out.get(i).pooled();
            assertEquals(LAYERS, pooled.length);
            for (int l = 0; l < LAYERS; l++) {
                for (int d = 0; d < WIDTH; d++) {
                    assertEquals(SyntheticBackend.mean(checksum, l, d), pooled[l][d], "input " + i + " layer " + l);
                }
            }
        }
    }

    @Test
    void chunksArriveInInputOrderAndHoldAtMostTheOutputBudget() throws IOException {
        List<String> input = randomSequences(300, 5, 80, 1);
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, Set.of(), true);
        long perSequence = (long) LAYERS * WIDTH * 4; // 320 bytes of pooled layers
        long budget = 20 * perSequence;
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer,
                EmbeddingOptions.defaults().withBatching(500, 64).withOutputBudget(budget));
        RecordingSink sink = new RecordingSink();
        embedder.embed(input, sink);
        assertPooledIsItsInput(input, sink.all);
        assertTrue(sink.chunkSizes.size() >= 300 / 20, "many chunks: " + sink.chunkSizes);
        // a chunk ends once it reaches the budget: at most one sequence over it
        for (int size : sink.chunkSizes) {
            assertTrue(size * perSequence <= budget + perSequence, "chunk of " + size + " over the budget");
        }
        assertEquals(300, backend.rows());
        assertTrue(backend.batches.stream().allMatch(s -> s[0] == 1 || s[0] * s[1] <= 500), "token budget per batch");
    }

    @Test
    void streamingAndTheListGiveTheSameResults() throws IOException {
        List<String> input = randomSequences(50, 1, 40, 2);
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, Set.of(1, 3), true);
        EmbeddingOptions options = EmbeddingOptions.defaults().withPerResidueLayers(Set.of(1, 3)).withOutputBudget(4096);
        RecordingSink sink = new RecordingSink();
        new SequenceEmbedder(backend, tokenizer, options).embed(input, sink);
        List<SequenceEmbedding> listed = new SequenceEmbedder(backend, tokenizer, options).embed(input);
        assertPooledIsItsInput(input, sink.all);
        for (int i = 0; i < input.size(); i++) {
            long[] tokens = tokenizer.encode(input.get(i));
            for (int layer : List.of(1, 3)) {
                float[][] states = sink.all.get(i).perResidue().get(layer);
                assertEquals(tokens.length, states.length);
                for (int r = 0; r < tokens.length; r++) {
                    assertEquals(SyntheticBackend.hidden(tokens[r], layer, WIDTH - 1), states[r][WIDTH - 1]);
                }
                assertArrayEquals(listed.get(i).perResidue().get(layer), states);
            }
        }
    }

    @Test
    void identicalSequencesInAChunkAreEmbeddedOnceAndShareTheirResult() throws IOException {
        List<String> input = List.of("MKV", "AAAA", "MKV", "GG", "AAAA", "MKV");
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, Set.of(), true);
        RecordingSink sink = new RecordingSink();
        new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults()).embed(input, sink);
        assertEquals(3, backend.rows(), "three distinct sequences");
        assertEquals(List.of(6), sink.chunkSizes);
        assertSame(sink.all.get(0), sink.all.get(2));
        assertSame(sink.all.get(0), sink.all.get(5));
        assertSame(sink.all.get(1), sink.all.get(4));
        assertPooledIsItsInput(input, sink.all);
    }

    @Test
    void perResidueLayersCapTheTokensOfEveryBatchByTheOutputBudget() throws IOException {
        List<String> input = randomSequences(120, 3, 30, 3);
        Set<Integer> layers = Set.of(0, 2, 4);
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, layers, true);
        long perToken = layers.size() * WIDTH * 4L; // 192 bytes
        long tokensAllowed = 64;
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults()
                .withPerResidueLayers(layers).withBatching(16_384, 256).withOutputBudget(tokensAllowed * perToken));
        RecordingSink sink = new RecordingSink();
        embedder.embed(input, sink);
        assertEquals(input.size(), sink.all.size());
        assertTrue(backend.maxPaddedTokensOfMultiRowBatches() <= tokensAllowed,
                "B x T of a batch: " + backend.maxPaddedTokensOfMultiRowBatches());
        assertTrue(backend.batches.size() > 10, "the 16k token budget alone would give one batch");
        // held results: a chunk stops once its residues' states reach the budget
        int at = 0;
        for (int size : sink.chunkSizes) {
            long residues = 0;
            for (int i = at; i < at + size - 1; i++) {
                residues += input.get(i).length();
            }
            assertTrue(residues * perToken < tokensAllowed * perToken, "chunk before its last sequence is within the budget");
            at += size;
        }
    }

    @Test
    void hiddenLayersABackendComputesAnywayCapPooledBatchesToo() throws IOException {
        List<String> input = randomSequences(100, 3, 30, 8);
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, Set.of(), true);
        backend.computedHiddenLayers = LAYERS; // an ORT graph with hidden_<k> for every layer
        long tokensAllowed = 80;
        new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults()
                .withOutputBudget(tokensAllowed * LAYERS * WIDTH * 4L)).embed(input, (first, chunk) -> { });
        assertTrue(backend.maxPaddedTokensOfMultiRowBatches() <= tokensAllowed,
                "B x T of a batch: " + backend.maxPaddedTokensOfMultiRowBatches());
        assertEquals(100, backend.rows());
    }

    @Test
    void withoutAKnownShapeTheFirstPerResidueChunkIsOneSequenceWithItsWindowsOnePerBatch() throws IOException {
        Set<Integer> layers = Set.of(1);
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, layers, false);
        List<String> input = randomSequences(10, 30, 30, 4);
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults()
                .withPolicy(LongSequencePolicy.SLIDING_WINDOW, 20).withPerResidueLayers(layers));
        RecordingSink sink = new RecordingSink();
        embedder.embed(input, sink);
        assertEquals(1, sink.chunkSizes.get(0));
        // 30 residues, windows [0,20) [10,30): two batches of one row for the first sequence
        assertArrayEquals(new long[] {1, 22}, backend.batches.get(0));
        assertArrayEquals(new long[] {1, 22}, backend.batches.get(1));
        assertEquals(10, sink.all.size());
        assertEquals(2, sink.all.get(9).segments());
    }

    @Test
    void withoutAKnownShapeThePooledFirstChunkIsBounded() throws IOException {
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, Set.of(), false);
        List<String> input = randomSequences(200, 5, 10, 5);
        RecordingSink sink = new RecordingSink();
        new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults()).embed(input, sink);
        assertEquals(SequenceEmbedder.UNKNOWN_SHAPE_POOLED_CHUNK, sink.chunkSizes.get(0));
        assertEquals(List.of(64, 136), sink.chunkSizes, "then the budget decides: all the rest fit");
        assertPooledIsItsInput(input, sink.all);
    }

    @Test
    void badInputFailsBeforeAnyBatchRuns() {
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, Set.of(), true);
        List<String> input = new ArrayList<>(randomSequences(100, 5, 10, 6));
        input.add("A".repeat(30));
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults()
                .withPolicy(LongSequencePolicy.ERROR, 20).withOutputBudget(1000));
        assertThrows(SequenceTooLongException.class, () -> embedder.embed(input, (first, chunk) -> { }));
        input.set(100, "MKJ");
        assertThrows(IllegalArgumentException.class, () -> embedder.embed(input, (first, chunk) -> { }));
        assertEquals(0, backend.batches.size());
    }

    @Test
    void aFailingSinkStopsTheStream() {
        SyntheticBackend backend = new SyntheticBackend(tokenizer.alphabet(), LAYERS, WIDTH, Set.of(), true);
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer,
                EmbeddingOptions.defaults().withOutputBudget(LAYERS * WIDTH * 4L));
        List<String> input = randomSequences(10, 5, 10, 7);
        IOException e = assertThrows(IOException.class, () -> embedder.embed(input, (first, chunk) -> {
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(1, backend.rows(), "nothing after the failing chunk was embedded");
    }
}
