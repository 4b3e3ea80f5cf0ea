package dev.plmlab.cli;

import ai.onnxruntime.OrtException;
import dev.plmlab.cli.embed.EmbeddingArrays;
import dev.plmlab.cli.embed.EncodedSequences;
import dev.plmlab.cli.embed.FastaReader;
import dev.plmlab.cli.embed.FastaRecord;
import dev.plmlab.cli.embed.LayerSelection;
import dev.plmlab.cli.embed.LengthBatches;
import dev.plmlab.cli.embed.Pooling;
import dev.plmlab.cli.embed.ResidueLimit;
import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.cli.forge.TempDirectory;
import dev.plmlab.cli.forge.WeightVariants;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointException;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.onnx.OrtEmbedder;
import dev.plmlab.forge.tokens.Alphabet;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.store.Npz;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Embeds the sequences of a FASTA file with a checkpoint, on the CPU, into an .npz. Its options are a
 * fixed contract: other tools call it exactly so.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed FASTA sequences with a checkpoint (ONNX Runtime, CPU) into an .npz of per-layer features.",
                "Arrays: 'ids' (FASTA ids in file order); with --pool mean 'layer<k>' float32 [N, D] in FASTA order; "
                + "with --pool none '<i>_layer<k>' float32 [len_i, D] (residue positions only, i = 0-based FASTA index).",
                "Sequences are neither truncated nor windowed: one over the model's limit is an error. Exits 1 with a message on bad input."})
public final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "the model checkpoint (.pt)")
    Path checkpointFile;

    @Option(names = "--fasta", required = true, paramLabel = "FILE", description = "the sequences")
    Path fasta;

    @Option(names = "--layers", paramLabel = "all|K,K,...", defaultValue = "all",
            description = "layers to output: 'all' or indices such as 0,2,5 (0 = embeddings, L = last block; default: ${DEFAULT-VALUE})")
    String layers;

    @Option(names = "--pool", paramLabel = "mean|none", defaultValue = "mean",
            description = "'mean' (one vector per sequence) or 'none' (one per residue) (default: ${DEFAULT-VALUE})")
    String pool;

    @Option(names = "--out", required = true, paramLabel = "OUT.npz", description = "the .npz to write (replaced if present)")
    Path out;

    @Option(names = "--variant", paramLabel = "VARIANT", defaultValue = "pretrained",
            description = "pretrained, random-init, random-init/reference, stat-transfer/permute or stat-transfer/resample (default: ${DEFAULT-VALUE})")
    String variantName;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seed of a seeded variant (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "16384",
            description = "most padded tokens per batch; sequences are batched by length (default: ${DEFAULT-VALUE})")
    int batchTokens;

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads (default: every processor)")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            embed(err);
            return 0;
        } catch (CommandFailure e) {
            err.println("plmlab embed: " + e.getMessage());
        } catch (CheckpointException e) {
            err.println("plmlab embed: cannot use the checkpoint: " + e.getMessage());
        } catch (IOException e) {
            err.println("plmlab embed: " + e.getMessage());
        } catch (OrtException e) {
            err.println("plmlab embed: ONNX Runtime failed: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    private void embed(PrintWriter err) throws CommandFailure, IOException, OrtException {
        Variant variant = WeightVariants.parse(variantName);
        Pooling pooling = Pooling.parse(pool);
        LayerSelection layerSelection = LayerSelection.parse(layers);
        if (batchTokens < 1) {
            throw new CommandFailure("--batch-tokens must be at least 1, got " + batchTokens);
        }
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (threadCount < 1) {
            throw new CommandFailure("--threads must be at least 1, got " + threadCount);
        }
        if (!Files.isRegularFile(fasta)) {
            throw new CommandFailure(fasta + ": no such FASTA file");
        }
        List<FastaRecord> records = FastaReader.read(fasta);

        Checkpoint checkpoint = CheckpointReader.read(checkpointFile);
        int lastLayer = OnnxGraphs.numLayers(checkpoint);
        List<Integer> chosenLayers = layerSelection.resolve(lastLayer, checkpoint.name());
        Tokenizer tokenizer = Tokenizer.forFamily(checkpoint.family());
        String label = checkpoint.name() + " (" + checkpoint.family() + ")";
        EncodedSequences sequences = EncodedSequences.check(records, tokenizer, ResidueLimit.of(checkpoint), label);

        // mean pooling needs only the always-present 'mean' output; per-residue output needs each chosen layer's states
        GraphOptions options = pooling == Pooling.MEAN ? GraphOptions.defaults() : GraphOptions.defaults().withHiddenLayers(chosenLayers);
        Alphabet alphabet = tokenizer.alphabet();
        int framing = (alphabet.prependBos() ? 1 : 0) + (alphabet.appendEos() ? 1 : 0);
        int[] residues = new int[sequences.size()];
        for (int i = 0; i < residues.length; i++) {
            residues[i] = sequences.residues(i);
        }
        List<List<Integer>> batches = LengthBatches.plan(residues, framing, batchTokens);
        EmbeddingArrays arrays = new EmbeddingArrays(sequences, chosenLayers, pooling, alphabet.prependBos() ? 1 : 0);

        try (TempDirectory work = TempDirectory.create("plmlab-embed-")) {
            Path model = OnnxModelWriter.write(OnnxGraphs.build(WeightVariants.apply(checkpoint, variant, seed), options), work.path());
            checkpoint = null; // the written model is all that is needed from here on
            err.println("embedding " + sequences.size() + " sequence(s) in " + batches.size() + " batch(es) with " + label
                    + ", " + WeightVariants.describe(variant, seed) + ", " + threadCount + " thread(s)");
            try (OrtEmbedder embedder = new OrtEmbedder(model, threadCount)) {
                for (List<Integer> batch : batches) {
                    arrays.add(batch, embedder.run(tokenizer.batch(sequences.sequences(batch)).tokens()));
                }
            }
        }
        writeAtomically(arrays, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + out + ": " + sequences.size() + " sequence(s), layers " + chosenLayers + ", pool "
                + pool);
        stdout.flush();
    }

    /** Writes next to the target, then renames, so a reader never sees a half-written .npz. */
    private static void writeAtomically(EmbeddingArrays arrays, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            Npz.write(arrays.toNpz(), partial);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
