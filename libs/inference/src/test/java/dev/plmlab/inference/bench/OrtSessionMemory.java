package dev.plmlab.inference.bench;

import dev.plmlab.forge.ModelForge;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.EmbeddingOptions;
import dev.plmlab.inference.SequenceEmbedder;
import dev.plmlab.inference.fasta.FastaReader;
import dev.plmlab.inference.fasta.FastaRecord;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.inference.ort.SessionMemory;
import dev.plmlab.model.spec.Variant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Peak RSS of an {@link OrtBackend} session under given {@link SessionMemory} settings: forges the
 * checkpoint into {@code forgedDir} once (reused when {@code model.onnx} is there), opens a session, embeds
 * the FASTA (every layer mean-pooled, or per residue with {@code hidden=K,K}), and prints
 * {@code VmHWM}/{@code VmRSS}/{@code RssAnon}/{@code RssFile} after the session opens and after embedding.
 * Run one JVM per setting, so each peak is its own:
 *
 * <pre>
 * java -cp ... dev.plmlab.inference.bench.OrtSessionMemory CHECKPOINT.pt FORGED_DIR IN.fasta SETTINGS [THREADS] [hidden=0,1]
 * </pre>
 * SETTINGS: {@code default}, {@code ort} (ONNX Runtime's own defaults), or {@link SessionMemory#parse} text
 * such as {@code prepack=on} or {@code arena=off}.
 */
public final class OrtSessionMemory {

    private OrtSessionMemory() {
    }

    public static void main(String[] args) throws Exception {
        Path checkpointFile = Path.of(args[0]);
        Path forgedDir = Path.of(args[1]);
        Path fasta = Path.of(args[2]);
        SessionMemory memory = args[3].equals("default") ? SessionMemory.defaults() : SessionMemory.parse(args[3]);
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        Set<Integer> hidden = args.length > 5 && args[5].startsWith("hidden=")
                ? Set.copyOf(java.util.Arrays.stream(args[5].substring(7).split(",")).map(Integer::valueOf).toList())
                : Set.of();
        Checkpoint checkpoint = CheckpointReader.read(checkpointFile);
        Path model = forgedDir.resolve("model.onnx");
        if (!Files.exists(model)) {
            long t = System.nanoTime();
            // a folder named *-mean-only gets a graph without hidden_<k> outputs, to see what they cost
            GraphOptions graph = forgedDir.getFileName().toString().endsWith("-mean-only") ? GraphOptions.defaults()
                    : GraphOptions.forged();
            ModelForge.forge(checkpoint, Variant.PRETRAINED, 0, graph, forgedDir);
            System.out.printf("forged in %.1f s; %s%n", (System.nanoTime() - t) / 1e9, status());
        }
        List<FastaRecord> records = FastaReader.read(fasta);
        long t0 = System.nanoTime();
        try (OrtBackend backend = new OrtBackend(model, threads, hidden, null, memory)) {
            System.out.printf("%s: session open in %.1f s; %s%n", memory, (System.nanoTime() - t0) / 1e9, status());
            SequenceEmbedder embedder = new SequenceEmbedder(backend, Tokenizer.forFamily(checkpoint.family()),
                    EmbeddingOptions.defaults().withPolicy(EmbeddingOptions.defaults().policy(), ModelForge.residueLimit(checkpoint))
                            .withPerResidueLayers(hidden));
            long t1 = System.nanoTime();
            embedder.embed(records.stream().map(FastaRecord::id).toList(), records.stream().map(FastaRecord::sequence).toList(),
                    (first, chunk) -> { });
            System.out.printf("%s: embedded %d sequences in %.1f s; %s%n", memory, records.size(), (System.nanoTime() - t1) / 1e9,
                    status());
        }
    }

    /** The memory lines of /proc/self/status, in MB. */
    static String status() throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            for (String key : List.of("VmHWM", "VmRSS", "RssAnon", "RssFile")) {
                if (line.startsWith(key + ":")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    out.append(key).append(' ').append(kb / 1024).append(" MB  ");
                }
            }
        }
        return out.toString().strip();
    }
}
