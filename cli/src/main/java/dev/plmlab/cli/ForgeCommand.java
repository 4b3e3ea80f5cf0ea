package dev.plmlab.cli;

import dev.plmlab.cli.forge.CatalogueDownload;
import dev.plmlab.cli.forge.CheckpointShape;
import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.cli.forge.S3Location;
import dev.plmlab.cli.forge.S3Options;
import dev.plmlab.cli.forge.TempDirectory;
import dev.plmlab.cli.forge.WeightVariants;
import dev.plmlab.forge.ModelForge;
import dev.plmlab.forge.catalogue.ModelDownloader;
import dev.plmlab.forge.catalogue.CatalogueEntry;
import dev.plmlab.forge.catalogue.ModelCatalogue;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointException;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.TritonModelName;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.RepositoryUpload;
import dev.plmlab.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Forges a checkpoint (a catalogue model, downloaded into a cache, or a local file) into one entry of a
 * Triton model repository: weights with the chosen variant applied, an ONNX graph with the pooled and
 * per-token outputs of every layer, and its config.pbtxt. See triton-models/README.md.
 */
@Command(name = "forge", mixinStandardHelpOptions = true,
        description = {"Forge a catalogue model (downloaded) or a checkpoint file into a Triton model repository entry.",
                "Writes <REPO>/<entry>/config.pbtxt and <REPO>/<entry>/1/model.onnx, where <entry> is <model>--<content>, "
                + "or <model>__<variant>__s<seed>--<content> for a seeded variant; <content> is 16 hex digits of a hash over "
                + "the checkpoint's sha256, variant, seed, forge version and outputs (the name the embedder asks Triton for).",
                "Outputs: 'mean' [L+1, D] (every layer averaged over residues) and 'hidden_<k>' [seq_len, D] for every "
                + "layer k = 0..L (per-token states; Triton computes only the outputs a request asks for).",
                "Exits 1 with a message on bad input."})
public final class ForgeCommand implements Callable<Integer> {

    static final Path DEFAULT_CACHE = Path.of(System.getProperty("user.home"), ".cache", "plmlab", "models");

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "catalogue model to download and forge, e.g. esm2_t6_8M_UR50D (or give --checkpoint)")
    String modelName;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "forge this local checkpoint (.pt) instead of a catalogue model")
    Path checkpointFile;

    @Option(names = "--out", required = true, paramLabel = "REPO",
            description = "the model repository: a folder, or s3://BUCKET/PREFIX (forged in a temporary folder, then uploaded)")
    String out;

    @Option(names = "--variant", paramLabel = "VARIANT", defaultValue = "pretrained",
            description = "pretrained, random-init, random-init/reference, stat-transfer/permute or stat-transfer/resample (default: ${DEFAULT-VALUE})")
    String variantName;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed of a random-init or stat-transfer variant; part of the entry name (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--fp16-weights", description = "store the weights as float16 (half the size; arithmetic stays float32)")
    boolean fp16Weights;

    @Option(names = "--fp16-outputs", description = "serve every output as float16 (half the response size)")
    boolean fp16Outputs;

    @Option(names = "--logits", description = "also output 'logits' [seq_len, vocabulary]")
    boolean logits;

    @Option(names = "--max-batch-size", paramLabel = "N", defaultValue = "8",
            description = "Triton max_batch_size; dynamic batching merges requests up to it; 0 turns batching off (default: ${DEFAULT-VALUE})")
    int maxBatchSize;

    @Option(names = "--cache", paramLabel = "DIR", description = "where downloaded models are kept (default: ~/.cache/plmlab/models)")
    Path cache;

    @Option(names = "--url", paramLabel = "URL",
            description = "download the catalogue model from URL instead of its official location (a mirror; a local server in tests). "
                    + "The file is cached under the model's name all the same.")
    String url;

    @Mixin
    S3Options s3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            forge(err);
            return 0;
        } catch (CommandFailure e) {
            err.println("plmlab forge: " + e.getMessage());
        } catch (CheckpointException e) {
            err.println("plmlab forge: cannot use the checkpoint: " + e.getMessage());
        } catch (StoreException e) {
            err.println("plmlab forge: upload failed: " + e.getMessage());
        } catch (IOException e) {
            err.println("plmlab forge: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("plmlab forge: interrupted (a partial download is kept and resumed next time)");
        }
        err.flush();
        return 1;
    }

    private void forge(PrintWriter err) throws CommandFailure, IOException, InterruptedException {
        Variant variant = WeightVariants.parse(variantName);
        checkInputs();
        S3Location s3Location = S3Location.isS3(out) ? S3Location.parse(out) : null;
        // settle the upload settings before a long download, so a missing one fails fast
        var s3Settings = s3Location == null ? null : s3.settings(s3Location.bucket(), System::getenv);

        Checkpoint checkpoint;
        String model;
        Path checkpointPath;
        if (modelName != null) {
            CatalogueDownload catalogue = new CatalogueDownload(ModelCatalogue.load(),
                    cache != null ? cache : DEFAULT_CACHE, err, System.console() != null);
            CatalogueEntry entry = catalogue.lookup(modelName);
            checkpointPath = catalogue.fetch(entry, url == null ? null : parseUrl(url));
            checkpoint = CheckpointReader.read(checkpointPath);
            catalogue.checkMatches(entry, checkpoint);
            model = entry.name();
        } else {
            checkpointPath = checkpointFile;
            checkpoint = CheckpointReader.read(checkpointFile);
            // the file's name, as the embedder names a spec's own checkpoint, so both arrive at one entry
            model = checkpointFile.getFileName().toString().replaceFirst("\\.pt$", "");
        }
        CheckpointShape shape = CheckpointShape.of(checkpoint);
        err.println("read " + checkpoint.family() + " checkpoint " + checkpoint.name() + " (" + shape.layers() + " layers of width "
                + shape.width() + "); applying " + WeightVariants.describe(variant, seed) + " and writing the graph");

        String entryName = TritonModelName.of(model, ModelDownloader.sha256(checkpointPath), variant, seed, graphOptions());
        TritonOptions triton = tritonOptions();
        if (s3Location == null) {
            Path repo = Path.of(out);
            // forged beside the entry (same file system, so the weights are linked into it rather than copied)
            Files.createDirectories(repo);
            try (TempDirectory staging = TempDirectory.create(repo, ".forge-" + entryName + "-")) {
                ModelForge.forge(checkpoint, variant, seed, graphOptions(), staging.path());
                Path modelDir = writeEntry(repo, entryName, staging.path(), triton);
                report(entryName, modelDir.toString(), listFiles(modelDir), shape);
            }
        } else {
            try (TempDirectory work = TempDirectory.create("plmlab-forge-");
                 ObjectStore store = new ObjectStore(s3Settings)) {
                Path forged = work.path().resolve("forged");
                ModelForge.forge(checkpoint, variant, seed, graphOptions(), forged);
                Path modelDir = writeEntry(work.path().resolve("repo"), entryName, forged, triton);
                err.println("uploading " + entryName + " to " + s3Location + " at " + s3Settings.endpoint());
                List<String> keys = RepositoryUpload.upload(store, modelDir, s3Location.prefix());
                report(entryName, s3Location + "/" + entryName, keys.stream()
                        .map(k -> k.substring(s3Location.key(entryName).length() + 1)).toList(), shape);
            }
        }
    }

    private static Path writeEntry(Path repo, String entryName, Path forged, TritonOptions triton) throws CommandFailure {
        try {
            return TritonRepository.write(repo, entryName, forged, triton);
        } catch (IOException e) {
            // the exception's type says more than its message here (FileAlreadyExistsException: <path>)
            throw new CommandFailure("cannot write " + entryName + " into " + repo + ": " + e, e);
        }
    }

    private void checkInputs() throws CommandFailure {
        if ((modelName == null) == (checkpointFile == null)) {
            throw new CommandFailure("give either a catalogue model NAME or --checkpoint FILE (exactly one)");
        }
        if (url != null && modelName == null) {
            throw new CommandFailure("--url replaces a catalogue model's download location; it needs a model NAME");
        }
        if (maxBatchSize < 0) {
            throw new CommandFailure("--max-batch-size must be 0 (no batching) or more, got " + maxBatchSize);
        }
    }

    private static URI parseUrl(String text) throws CommandFailure {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new CommandFailure("--url must be an http:// or https:// URL, got " + text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CommandFailure("--url is not a valid URL: " + e.getMessage(), e);
        }
    }

    /**
     * Every layer's per-token states are outputs: Triton's onnxruntime backend fetches only the outputs a
     * request names, so they cost nothing for clients that want just 'mean', and per-residue tasks can use
     * the same entry. float16 outputs are cast inside the graph rather than by TritonOptions, which would
     * rewrite (and so copy) the whole model, weights included.
     */
    private GraphOptions graphOptions() {
        return GraphOptions.forged().withLogits(logits)
                .withFp16Weights(fp16Weights).withFp16Outputs(fp16Outputs);
    }

    private TritonOptions tritonOptions() {
        return maxBatchSize == 0
                ? new TritonOptions(0, false, 0, List.of(), "KIND_GPU", 1, false)
                : TritonOptions.gpu(maxBatchSize);
    }

    private void report(String entryName, String where, List<String> files, CheckpointShape shape) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("forged " + entryName + " -> " + where);
        files.forEach(f -> stdout.println("  " + f));
        stdout.println("  outputs: mean [" + (shape.layers() + 1) + ", " + shape.width() + "], hidden_0 .. hidden_"
                + shape.layers() + " [seq_len, " + shape.width() + "]" + (logits ? ", logits [seq_len, vocabulary]" : "")
                + (fp16Outputs ? ", float16" : ", float32"));
        stdout.flush();
    }

    private static List<String> listFiles(Path modelDir) throws IOException {
        try (var walk = Files.walk(modelDir)) {
            return walk.filter(Files::isRegularFile).map(p -> modelDir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
