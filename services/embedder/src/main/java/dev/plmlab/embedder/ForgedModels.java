package dev.plmlab.embedder;

import dev.plmlab.forge.ModelForge;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.TritonModelName;
import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.upload.UploadedFile;
import dev.plmlab.service.SpecFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Forges the ONNX graph of a model variant once and keeps it in a local cache keyed by the
 * checkpoint's content, the variant, its seed and the forge version: a variant is never forged twice, and
 * a checkpoint's sha256 is computed once per file version ({@link ContentHashes}).
 */
public final class ForgedModels {

    /**
     * A forged model on disk and what it was forged from.
     *
     * @param servingName its name in a Triton model repository ({@link TritonModelName}); for a graph forged
     *                    for in-process inference only, the model id
     */
    public record Forged(Path onnx, String modelId, dev.plmlab.forge.checkpoint.Family family, int layers, int embedDim,
                         int residueLimit, String servingName) {
    }


    private final Path cache;
    private final SpecFiles files;
    private final OfficialCheckpoints officials;
    private final ContentHashes hashes;

    /**
     * @param cache     where forged graphs and official checkpoints are kept
     * @param files     where a spec's own checkpoint ({@code checkpoint:}, an upload) is read
     * @param officials where catalogue checkpoints come from when they are not in {@code cache}
     */
    ForgedModels(Path cache, SpecFiles files, OfficialCheckpoints officials) {
        this.cache = cache;
        this.files = files;
        this.officials = officials;
        this.hashes = new ContentHashes(cache.resolve("sha256"));
    }

    /**
     * The content id of the model a request names, without forging it: the checkpoint's sha256 (remembered
     * by path, size and modification time), the variant, its seed, the forge version and the graph's outputs.
     * A checkpoint edited under the same path gets a new id.
     *
     * @param pooling {@link Pooling#MEAN} forges a graph with only the pooled output; {@link Pooling#NONE}
     *                one with every layer's per-token states too. ONNX Runtime computes and holds every output
     *                of a graph whether fetched or not, so pooled jobs get the smaller graph and larger batches.
     */
    public String modelId(EmbeddingModel model, Pooling pooling) throws IOException {
        Optional<String> known = knownSha256(model);
        if (known.isPresent()) {
            return pytorchModelId(known.get(), model, pooling);
        }
        Path file = checkpointFile(model);
        if (file.getFileName().toString().endsWith(".onnx")) {
            // the graph holds only small tensors; the weights are in its external data, which must count too
            Path data = file.resolveSibling(file.getFileName() + ".data");
            return JobIds.of("model", java.util.Map.of("onnx", hashes.sha256(file),
                    "data", Files.isRegularFile(data) ? hashes.sha256(data) : "none"));
        }
        return pytorchModelId(hashes.sha256(file), model, pooling);
    }

    private static String pytorchModelId(String checkpointSha256, EmbeddingModel model, Pooling pooling) {
        return JobIds.of("model", java.util.Map.of("checkpoint", checkpointSha256, "variant", model.variant(),
                "seed", model.seed(), "forge", ModelForge.VERSION, "outputs", outputs(pooling)));
    }

    /**
     * A PyTorch checkpoint's sha256 where it is known without reading the file, so a job whose features are
     * stored fetches nothing: an upload is named by it, and an official checkpoint another embedder stored
     * has it beside it. Not for the local cache, where {@link ContentHashes} remembers it.
     */
    private Optional<String> knownSha256(EmbeddingModel model) {
        if (model.checkpoint() != null) {
            return UploadedFile.isReference(model.checkpoint()) && model.checkpoint().endsWith(".pt")
                    ? Optional.of(UploadedFile.parse(model.checkpoint()).sha256()) : Optional.empty();
        }
        String official = officialName(model);
        return Files.isRegularFile(cache.resolve(official + ".pt")) ? Optional.empty() : officials.storedSha256(official);
    }

    /**
     * The forged model of {@code modelId}, forging it if it is not cached.
     *
     * @param modelId what {@link #modelId} gave when the job's features id was derived; a checkpoint replaced
     *                since then fails the job instead of filling the old id with new content
     */
    public Forged forge(EmbeddingModel model, Pooling pooling, String modelId) throws IOException {
        Path file = unchangedCheckpoint(model, pooling, modelId);
        if (file.getFileName().toString().endsWith(".onnx")) {
            return alreadyForged(file, model, modelId);
        }
        return forgeInto(file, model, pooling == Pooling.NONE ? GraphOptions.forged() : GraphOptions.defaults(),
                modelId, modelId, modelId);
    }

    /**
     * The model of {@code modelId} forged for a serving repository (Triton): {@code mean} and every layer's
     * per-token states whatever the job pools, so one entry serves every job of the variant, and named as
     * {@code plmlab forge} names it, so an entry a forge Job published ahead of time is found.
     */
    public Forged forgeForServing(EmbeddingModel model, Pooling pooling, String modelId) throws IOException {
        Path file = unchangedCheckpoint(model, pooling, modelId);
        if (file.getFileName().toString().endsWith(".onnx")) {
            return alreadyForged(file, model, modelId);
        }
        GraphOptions options = GraphOptions.forged();
        String name = TritonModelName.of(servingLabel(file), hashes.sha256(file), model.variant(), model.seed(), options);
        return forgeInto(file, model, options, name, modelId, name);
    }

    /**
     * The checkpoint file, provided its content is still what {@code modelId} was derived from: one replaced since
     * then fails the job instead of filling the old id with new content.
     */
    private Path unchangedCheckpoint(EmbeddingModel model, Pooling pooling, String modelId) throws IOException {
        Path file = checkpointFile(model);
        String current = modelId(model, pooling);
        if (!current.equals(modelId)) {
            throw new IllegalStateException("checkpoint " + file + " changed while this job ran (content id " + current
                    + ", the job started with " + modelId + "); submit again to use the new file");
        }
        return file;
    }

    private Forged forgeInto(Path file, EmbeddingModel model, GraphOptions options, String folder, String modelId,
                             String servingName)
            throws IOException {
        Path dir = cache.resolve(folder);
        Path onnx = dir.resolve("model.onnx");
        Path about = dir.resolve("forged.properties");
        if (!Files.isRegularFile(about)) {
            // Written beside the final folder and moved in whole, so a crash never leaves half a model.
            Path staging = Files.createTempDirectory(Files.createDirectories(cache), folder + ".");
            try {
                ModelForge.ForgedGraph graph = ModelForge.forge(file, model.variant(), model.seed(), options, staging);
                Files.writeString(staging.resolve("forged.properties"), "family=" + graph.family()
                        + "\nlayers=" + graph.layers() + "\nembedDim=" + graph.embedDim()
                        + "\nresidueLimit=" + graph.residueLimit() + "\n");
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another replica may have won the race to the same folder; only then is this not an error
                if (!Files.isRegularFile(about)) {
                    throw e;
                }
            } finally {
                Folders.deleteRecursively(staging);
            }
        }
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newInputStream(about)) {
            props.load(in);
        }
        Forged forged = new Forged(onnx, modelId,
                dev.plmlab.forge.checkpoint.Family.valueOf(props.getProperty("family")),
                Integer.parseInt(props.getProperty("layers")), Integer.parseInt(props.getProperty("embedDim")),
                Integer.parseInt(props.getProperty("residueLimit")), servingName);
        requireFamily(model, forged, file);
        return forged;
    }

    private static String outputs(Pooling pooling) {
        return pooling == Pooling.NONE ? "mean+hidden" : "mean";
    }

    /** A checkpoint of another family would run under a wrong label: the spec names one, the file holds another. */
    private static void requireFamily(EmbeddingModel model, Forged forged, Path file) {
        if (!forged.family().name().equals(model.family().name())) {
            throw new IllegalArgumentException("the spec says family " + model.family() + " but " + file
                    + " holds a model of family " + forged.family().name().toLowerCase() + "; name its family in the spec");
        }
    }

    /**
     * A graph plmlab forged earlier (it carries its family and depth as metadata), used as it is:
     * weight variants need the original checkpoint.
     */
    private static Forged alreadyForged(Path onnx, EmbeddingModel model, String modelId) throws IOException {
        if (model.variant() != dev.plmlab.model.spec.Variant.PRETRAINED) {
            throw new IllegalArgumentException("variant " + model.variant().specName() + " needs the PyTorch checkpoint; "
                    + onnx + " is an already forged graph");
        }
        java.util.Map<String, String> meta = new java.util.HashMap<>();
        try (InputStream in = Files.newInputStream(onnx)) {
            ai.onnx.proto.OnnxMl.ModelProto.parseFrom(in).getMetadataPropsList().forEach(p -> meta.put(p.getKey(), p.getValue()));
        }
        if (!meta.containsKey("plmlab.family") || !meta.containsKey("plmlab.num_layers")) {
            throw new IllegalArgumentException(onnx + " was not forged by plmlab (no plmlab.family / plmlab.num_layers metadata)");
        }
        dev.plmlab.forge.checkpoint.Family family = dev.plmlab.forge.checkpoint.Family.valueOf(meta.get("plmlab.family"));
        // graphs forged before the residue limit was recorded follow the rule of their family
        int residueLimit = meta.containsKey("plmlab.residue_limit") ? Integer.parseInt(meta.get("plmlab.residue_limit"))
                : family == dev.plmlab.forge.checkpoint.Family.CARP ? Integer.MAX_VALUE : 1022;
        if (!meta.containsKey("plmlab.embed_dim")) {
            throw new IllegalArgumentException(onnx + " has no plmlab.embed_dim metadata: forge it again with this version");
        }
        Forged forged = new Forged(onnx, modelId, family, Integer.parseInt(meta.get("plmlab.num_layers")),
                Integer.parseInt(meta.get("plmlab.embed_dim")), residueLimit, modelId);
        requireFamily(model, forged, onnx);
        return forged;
    }

    /** What a serving entry is named after: the catalogue name, or the user's checkpoint file, without ".pt". */
    private static String servingLabel(Path file) {
        return file.getFileName().toString().replaceFirst("\\.pt$", "");
    }

    private Path checkpointFile(EmbeddingModel model) {
        if (model.checkpoint() != null) {
            return files.resolve(model.checkpoint(), "checkpoint");
        }
        String official = officialName(model);
        // where `plmlab forge NAME` keeps downloads too, with the same default folder
        Path cached = cache.resolve(official + ".pt");
        return Files.isRegularFile(cached) ? cached : officials.local(official);
    }

    private static String officialName(EmbeddingModel model) {
        String official = KnownModels.find(model.family(), model.size()).map(k -> k.officialName()).orElse(model.label());
        // the catalogue's name for an intermediate pretraining checkpoint, e.g. carp_38M@0.25
        return model.pretraining() != 1.0 ? official + "@" + model.pretraining() : official;
    }
}
