package dev.plmlab.cli;

import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.cli.forge.TempDirectory;
import dev.plmlab.cli.forge.WeightVariants;
import dev.plmlab.forge.ModelForge;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointException;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.forge.tokens.UnknownTokenException;
import dev.plmlab.inference.EmbeddingOptions;
import dev.plmlab.inference.EmbeddingSink;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.inference.LayerFeatureFiles;
import dev.plmlab.inference.SequenceEmbedder;
import dev.plmlab.inference.SequenceEmbedding;
import dev.plmlab.inference.fasta.FastaReader;
import dev.plmlab.inference.fasta.FastaRecord;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.NpzWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Embeds the sequences of a FASTA file with a checkpoint, on the CPU, into an .npz. Its options and the
 * .npz layout are a fixed contract: other tools call it exactly so.
 *
 * <p>It takes the embedder service's path: the checkpoint is forged ({@link ModelForge}, streamed) into a
 * temporary folder, with only the outputs the run reads ({@code mean}, plus {@code hidden_<k>} of the chosen
 * layers for {@code --pool none}), and {@link SequenceEmbedder} runs it through {@link OrtBackend} with the chosen
 * long-sequence policy and token budget, handing results over chunk by chunk in FASTA order. Memory is the
 * ONNX Runtime session plus one token-budget batch and the embedder's output budget, whatever the number
 * of sequences: pooled layers go to one temporary {@code .npy} per layer ({@link LayerFeatureFiles}) and are
 * then copied into the .npz entry by entry; per-residue arrays are written to the .npz as their sequences
 * complete. The .npz is written beside the target and renamed, so a reader never sees half of one.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed FASTA sequences with a checkpoint (ONNX Runtime, CPU) into an .npz of per-layer features.",
                "Arrays: 'ids' (FASTA ids in file order); with --pool mean 'layer<k>' [N, D] in FASTA order; "
                + "with --pool none '<i>_layer<k>' [len_i, D] (residue positions only, i = 0-based FASTA index); "
                + "float32 unless --precision float16.",
                "Sequences over the model's limit are an error unless --long-sequences says otherwise. "
                + "Exits 1 with a message on bad input."})
public final class EmbedCommand implements Callable<Integer> {

    /** The .npz array of FASTA ids. */
    public static final String IDS = "ids";
    /** How many over-long records one error message lists before summarising the rest. */
    private static final int LISTED = 10;

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

    @Option(names = "--long-sequences", paramLabel = "POLICY", defaultValue = "error",
            description = "sequences over the model's limit (1022 residues for ESM-2/ESM-1, max_positions - 2 for ESM-1b, none for CARP): "
                    + "error, truncate-ends (first and last halves), truncate-head (first residues) or sliding-window "
                    + "(windows at half-limit stride, averaged) (default: ${DEFAULT-VALUE})")
    String longSequences;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "16384",
            description = "most padded tokens per batch; sequences are batched by length (default: ${DEFAULT-VALUE})")
    int batchTokens;

    @Option(names = "--precision", paramLabel = "float32|float16", defaultValue = "float32",
            description = "element type of the feature arrays (default: ${DEFAULT-VALUE})")
    String precisionName;

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
        } catch (InferenceException e) {
            err.println("plmlab embed: ONNX Runtime failed: " + e.getMessage());
        } catch (IOException e) {
            err.println("plmlab embed: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    private void embed(PrintWriter err) throws CommandFailure, IOException {
        Variant variant = WeightVariants.parse(variantName);
        Pooling pooling = pooling(pool);
        LongSequencePolicy policy = LongSequencePolicy.fromSpecName(longSequences);
        if (policy == null) {
            throw new CommandFailure("--long-sequences must be error, truncate-ends, truncate-head or sliding-window, got '"
                    + longSequences + "'");
        }
        Precision precision = precision(precisionName);
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
        refuseToOverwrite(out, checkpointFile, "--checkpoint");
        refuseToOverwrite(out, fasta, "--fasta");
        List<FastaRecord> records = FastaReader.read(fasta);
        if (records.isEmpty()) {
            throw new CommandFailure("the FASTA file holds no records");
        }

        // reading a checkpoint reads no tensor values: everything is checked before the (long) forge
        Checkpoint checkpoint = CheckpointReader.read(checkpointFile);
        List<Integer> chosenLayers = resolveLayers(layers, OnnxGraphs.numLayers(checkpoint), checkpoint.name());
        Tokenizer tokenizer = Tokenizer.forFamily(checkpoint.family());
        String label = checkpoint.name() + " (" + checkpoint.family() + ")";
        int limit = ModelForge.residueLimit(checkpoint);
        checkRecords(records, tokenizer, limit, limitReason(checkpoint), policy, label);

        boolean perResidue = pooling == Pooling.NONE;
        EmbeddingOptions options = EmbeddingOptions.defaults()
                .withPolicy(policy, limit)
                .withBatching(batchTokens, EmbeddingOptions.defaults().maxBatchSize())
                .withPerResidueLayers(perResidue ? Set.copyOf(chosenLayers) : Set.of());
        List<String> names = IntStream.range(0, records.size()).mapToObj(i -> describe(records.get(i), i)).toList();
        List<String> sequences = records.stream().map(FastaRecord::sequence).toList();
        String[] ids = records.stream().map(FastaRecord::id).toArray(String[]::new);

        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (TempDirectory work = TempDirectory.create("plmlab-embed-")) {
            // only the outputs this run reads: ONNX Runtime computes and holds every output of a graph per batch,
            // so hidden_<k> of all layers would cost (L+1) x tokens x D floats even for mean pooling
            GraphOptions graph = perResidue ? GraphOptions.defaults().withHiddenLayers(chosenLayers) : GraphOptions.defaults();
            ModelForge.ForgedGraph forged = ModelForge.forge(checkpoint, variant, seed, graph, work.path().resolve("model"));
            checkpoint = null; // the forged graph is all that is needed from here on
            err.println("embedding " + records.size() + " sequence(s) with " + label + ", "
                    + WeightVariants.describe(variant, seed) + ", " + threadCount + " thread(s), long sequences: "
                    + policy.specName());
            err.flush();
            try (OrtBackend backend = new OrtBackend(forged.model(), threadCount,
                    perResidue ? Set.copyOf(chosenLayers) : Set.of(), null)) {
                SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, options);
                if (perResidue) {
                    try (NpzWriter npz = NpzWriter.create(partial)) {
                        npz.add(IDS, NpyArray.unicode(ids));
                        embedder.embed(names, sequences, residueEntries(npz, chosenLayers, precision));
                    }
                } else {
                    LayerFeatureFiles files = new LayerFeatureFiles(work.path().resolve("features"), chosenLayers, false,
                            LayerFeatureFiles.dtype(precision));
                    try (files) {
                        embedder.embed(names, sequences, files);
                    }
                    try (NpzWriter npz = NpzWriter.create(partial)) {
                        npz.add(IDS, NpyArray.unicode(ids));
                        for (int layer : chosenLayers) {
                            npz.add(pooledName(layer), files.layerFile(layer));
                        }
                    }
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + out + ": " + records.size() + " sequence(s), layers " + chosenLayers + ", pool " + pool);
        stdout.flush();
    }

    /** Writes {@code <i>_layer<k>} for every sequence of each chunk as it arrives. */
    private static EmbeddingSink residueEntries(NpzWriter npz, List<Integer> layers, Precision precision) {
        return (first, chunk) -> {
            for (int j = 0; j < chunk.size(); j++) {
                SequenceEmbedding embedding = chunk.get(j);
                for (int layer : layers) {
                    npz.add(residueName(first + j, layer), array(embedding.perResidue().get(layer), precision));
                }
            }
        };
    }

    private static NpyArray array(float[][] rows, Precision precision) {
        int dim = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * dim, dim);
        }
        return precision == Precision.FLOAT16 ? NpyArray.float16(flat, rows.length, dim) : NpyArray.float32(flat, rows.length, dim);
    }

    public static String pooledName(int layer) {
        return "layer" + layer;
    }

    public static String residueName(int sequenceIndex, int layer) {
        return sequenceIndex + "_layer" + layer;
    }

    /** An output path that is one of the inputs (after resolving links and relative parts) is refused. */
    static void refuseToOverwrite(Path out, Path input, String option) throws CommandFailure, IOException {
        if (resolved(out).equals(resolved(input))) {
            throw new CommandFailure("--out " + out + " is the " + option + " file: refusing to overwrite an input");
        }
    }

    private static Path resolved(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            return absolute.toRealPath();
        }
        Path parent = absolute.getParent();
        return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(absolute.getFileName()) : absolute;
    }

    static Pooling pooling(String text) throws CommandFailure {
        return switch (text) {
            case "mean" -> Pooling.MEAN;
            case "none" -> Pooling.NONE;
            default -> throw new CommandFailure("--pool must be 'mean' or 'none', got '" + text + "'");
        };
    }

    static Precision precision(String text) throws CommandFailure {
        try {
            return Precision.fromSpecName(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--precision must be float32 or float16, got '" + text + "'", e);
        }
    }

    /**
     * {@code --layers}: {@code all}, or indices separated by commas; the chosen layers of a model with layers
     * 0..{@code lastLayer}, ascending, without repeats.
     */
    static List<Integer> resolveLayers(String text, int lastLayer, String modelName) throws CommandFailure {
        String trimmed = text.strip();
        if (trimmed.equals("all")) {
            return IntStream.rangeClosed(0, lastLayer).boxed().toList();
        }
        if (!trimmed.matches("\\d+(\\s*,\\s*\\d+)*")) {
            throw new CommandFailure("--layers must be 'all' or layer numbers separated by commas (e.g. 0,2,5), got '" + text + "'");
        }
        TreeSet<Integer> chosen = new TreeSet<>();
        for (String part : trimmed.split(",")) {
            int layer;
            try {
                layer = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new CommandFailure("--layers: '" + part.strip() + "' is too large a layer number", e);
            }
            if (layer > lastLayer) {
                throw new CommandFailure("--layers: " + modelName + " has layers 0.." + lastLayer + ", there is no layer " + layer);
            }
            chosen.add(layer);
        }
        return List.copyOf(chosen);
    }

    /**
     * Before anything runs: every letter must be in the model's alphabet, no record may be empty, and under
     * policy {@code error} none may exceed the limit. Errors name the record (id, number, line); all
     * over-long records are listed at once.
     */
    private static void checkRecords(List<FastaRecord> records, Tokenizer tokenizer, int limit, String limitReason,
            LongSequencePolicy policy, String modelLabel) throws CommandFailure {
        List<String> tooLong = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            FastaRecord record = records.get(i);
            int residues;
            try {
                residues = tokenizer.encode(record.sequence()).length;
            } catch (UnknownTokenException e) {
                throw new CommandFailure(describe(record, i) + ": letter '" + e.letter() + "' at position "
                        + (e.position() + 1) + " is not in the " + modelLabel + " alphabet"
                        + (Character.isLowerCase(e.letter()) ? " (letters are not upper-cased for you: the reference alphabets are upper case)" : ""), e);
            }
            if (residues == 0) {
                throw new CommandFailure(describe(record, i) + " has no residues");
            }
            if (policy == LongSequencePolicy.ERROR && residues > limit) {
                tooLong.add(describe(record, i) + ": " + residues + " residues");
            }
        }
        if (!tooLong.isEmpty()) {
            throw new CommandFailure(tooLong.size() + " sequence(s) longer than the " + limit + " residues "
                    + modelLabel + " accepts (" + limitReason + "):\n  "
                    + String.join("\n  ", tooLong.subList(0, Math.min(LISTED, tooLong.size())))
                    + (tooLong.size() > LISTED ? "\n  ... and " + (tooLong.size() - LISTED) + " more" : "")
                    + "\nchoose --long-sequences truncate-ends, truncate-head or sliding-window to embed them, "
                    + "or shorten or split these records");
        }
    }

    /** Why a family has its residue limit, for the error message. */
    private static String limitReason(Checkpoint checkpoint) {
        Family family = checkpoint.family();
        return switch (family) {
            case ESM1B -> "its learned position table covers max_positions = " + checkpoint.intConfig("max_positions")
                    + " tokens, <cls> and <eos> included";
            case ESM2, ESM1 -> "the reference (fair-esm) embeds at most 1022 residues with this family";
            case CARP -> "no limit";
        };
    }

    private static String describe(FastaRecord record, int index) {
        return "record '" + record.id() + "' (#" + (index + 1) + ", line " + record.line() + ")";
    }
}
