package dev.plmlab.inference.bench;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.EmbeddingOptions;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.SequenceEmbedder;
import dev.plmlab.inference.SequenceEmbedding;
import dev.plmlab.inference.kserve.KServeBackend;
import dev.plmlab.inference.kserve.KServeConfig;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.testkit.KServeServer;
import dev.plmlab.testkit.KServeServerOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Throughput of the two backends on the same model and inputs, in one run: an ESM-2 the size of
 * esm2_t6_8M (6 layers, dim 320, 20 heads, FFN 1280) with random weights, 512 random sequences of 265
 * residues (GB1's length), every layer mean-pooled. {@code local} is {@link OrtBackend} in-process;
 * {@code triton} is {@link KServeBackend} over HTTP to the testkit's {@link KServeServer} (ONNX Runtime
 * behind the KServe v2 protocol, as Triton would serve it), both through {@link SequenceEmbedder}, with the
 * same ORT thread count. Not a test; run with
 *
 * <pre>
 * ./mvnw -B -q -pl libs/inference exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.plmlab.inference.bench.BackendThroughput -Dexec.args="[batch] [threads] [in-flight]"
 * </pre>
 *
 * Defaults: batch 16 (token budget 16 x 267), threads = available processors, 1 triton request in flight. Each backend embeds one
 * warm-up batch first. Tokens counted include {@code <cls>} and {@code <eos>}.
 */
public final class BackendThroughput {

    private static final int SEQUENCES = 512;
    private static final int RESIDUES = 265;
    private static final String LETTERS = "ACDEFGHIKLMNPQRSTVWY";

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 1;

        Checkpoint ckpt = RandomEsm2.build(6, 320, 20, 42);
        Path repo = Files.createTempDirectory("inference-bench");
        Path forged = Files.createTempDirectory("inference-bench-forged");
        OnnxGraphs.write(ckpt, GraphOptions.defaults(), forged);
        TritonRepository.write(repo, "esm2_t6", forged, TritonOptions.gpu(batch).withInstanceKind("KIND_CPU"));
        List<String> sequences = randomSequences(new Random(7));
        EmbeddingOptions options = EmbeddingOptions.defaults().withBatching((long) batch * (RESIDUES + 2), batch);
        Tokenizer tokenizer = Tokenizer.forFamily(Family.ESM2);

        try (OrtBackend local = new OrtBackend(repo.resolve("esm2_t6/1/model.onnx"), threads);
             KServeServer server = KServeServer.start(repo, KServeServerOptions.defaults().withOrtThreads(threads));
             KServeBackend triton = new KServeBackend(KServeConfig.of(server.baseUri(), "esm2_t6"))) {
            double localRate = measure("local", local, tokenizer, options, sequences);
            double tritonRate = measure("triton", triton, tokenizer, options.withConcurrentBatches(inFlight), sequences);
            System.out.printf("batch %d, %d ORT threads, %d triton requests in flight: triton/local = %.3f%n",
                    batch, threads, inFlight, tritonRate / localRate);
        } finally {
            try (var files = Files.walk(repo)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static double measure(String label, InferenceBackend backend, Tokenizer tokenizer, EmbeddingOptions options,
                                  List<String> sequences) {
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, options);
        embedder.embed(sequences.subList(0, options.maxBatchSize())); // warm-up: allocation and planning
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        List<SequenceEmbedding> out = embedder.embed(sequences);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        double tokens = (double) SEQUENCES * (RESIDUES + 2);
        System.out.printf("%-6s %s: %d x %d residues in %.2f s: %.0f tokens/s, %.1f sequences/s (checksum %.4f)%n",
                label, backend.describe(), SEQUENCES, RESIDUES, seconds, tokens / seconds, SEQUENCES / seconds,
                out.get(0).pooled()[6][0]);
        // the server runs in this process, so CPU time covers both sides; steadier than wall time when shared
        System.out.printf("%-6s process CPU %.1f s: %.0f tokens per CPU-second%n", label, cpuSeconds, tokens / cpuSeconds);
        return tokens / seconds;
    }

    /** CPU time of the whole process, ORT's native threads included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<String> randomSequences(Random random) {
        List<String> out = new ArrayList<>(SEQUENCES);
        for (int s = 0; s < SEQUENCES; s++) {
            StringBuilder seq = new StringBuilder(RESIDUES);
            for (int i = 0; i < RESIDUES; i++) {
                seq.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
            out.add(seq.toString());
        }
        return out;
    }
}
