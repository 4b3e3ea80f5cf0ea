package dev.plmlab.embedder;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.variants.RandomInit;
import dev.plmlab.forge.variants.StatTransfer;
import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.JobIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Forges the ONNX graph of a model variant once and keeps it in a local cache keyed by the
 * checkpoint's content, the variant and its seed: a variant is never forged twice.
 */
public final class ForgedModels {

    /** A forged model on disk and what it was forged from. */
    public record Forged(Path onnx, String modelId, dev.plmlab.forge.checkpoint.Family family, int layers, int residueLimit) {
    }

    /** ESM-2 and ESM-1 take 1022 residues as the reference cuts them; ESM-1b its learned positions; CARP any length. */
    static int residueLimit(Checkpoint checkpoint) {
        return switch (checkpoint.family()) {
            case ESM1B -> checkpoint.intConfig("max_positions") - 2;
            case ESM2, ESM1 -> 1022;
            case CARP -> Integer.MAX_VALUE;
        };
    }

    private final Path cache;
    private final Path checkpointBase;

    /**
     * @param cache          where forged graphs are kept
     * @param checkpointBase where relative checkpoint paths of a spec are resolved
     */
    public ForgedModels(Path cache, Path checkpointBase) {
        this.cache = cache;
        this.checkpointBase = checkpointBase;
    }

    public Forged forge(EmbeddingModel model) throws IOException {
        Path file = checkpointFile(model);
        if (file.getFileName().toString().endsWith(".onnx")) {
            return alreadyForged(file, model);
        }
        String modelId = JobIds.of("model", java.util.Map.of("checkpoint", sha256(file), "variant", model.variant(),
                "seed", model.seed(), "graph", OnnxGraphs.OPSET));
        Path dir = cache.resolve(modelId);
        Path onnx = dir.resolve("model.onnx");
        Path about = dir.resolve("forged.properties");
        if (!Files.isRegularFile(about)) {
            Checkpoint checkpoint = CheckpointReader.read(file);
            Checkpoint weights = switch (model.variant()) {
                case PRETRAINED -> checkpoint;
                case RANDOM_INIT -> RandomInit.apply(checkpoint, RandomInit.Flavour.FULL, model.seed());
                case RANDOM_INIT_REFERENCE -> RandomInit.apply(checkpoint, RandomInit.Flavour.REFERENCE, model.seed());
                case STAT_TRANSFER_PERMUTE -> StatTransfer.permute(checkpoint, model.seed());
                case STAT_TRANSFER_RESAMPLE -> StatTransfer.resample(checkpoint, model.seed());
            };
            // Written beside the final folder and moved in whole, so a crash never leaves half a model.
            Path staging = Files.createTempDirectory(Files.createDirectories(cache), modelId + ".");
            try {
                OnnxModelWriter.write(OnnxGraphs.build(weights, GraphOptions.defaults()), staging);
                Files.writeString(staging.resolve("forged.properties"), "family=" + checkpoint.family()
                        + "\nlayers=" + OnnxGraphs.numLayers(checkpoint) + "\nresidueLimit=" + residueLimit(checkpoint) + "\n");
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another replica may have won the race to the same folder; only then is this not an error
                if (!Files.isRegularFile(about)) {
                    throw e;
                }
            } finally {
                deleteRecursively(staging);
            }
        }
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newInputStream(about)) {
            props.load(in);
        }
        return new Forged(onnx, modelId, dev.plmlab.forge.checkpoint.Family.valueOf(props.getProperty("family")),
                Integer.parseInt(props.getProperty("layers")), Integer.parseInt(props.getProperty("residueLimit")));
    }

    /**
     * A graph plmlab forged earlier (it carries its family and depth as metadata), used as it is:
     * weight variants need the original checkpoint.
     */
    private static Forged alreadyForged(Path onnx, EmbeddingModel model) throws IOException {
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
        String modelId = JobIds.of("model", java.util.Map.of("onnx", sha256(onnx)));
        return new Forged(onnx, modelId, family, Integer.parseInt(meta.get("plmlab.num_layers")),
                family == dev.plmlab.forge.checkpoint.Family.CARP ? Integer.MAX_VALUE : 1022);
    }

    private Path checkpointFile(EmbeddingModel model) {
        if (model.checkpoint() != null) {
            Path file = checkpointBase.resolve(model.checkpoint());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("checkpoint " + file + " does not exist");
            }
            return file;
        }
        String official = KnownModels.find(model.family(), model.size()).map(k -> k.officialName()).orElse(model.label());
        if (model.pretraining() != 1.0) {
            // the catalogue's name for an intermediate pretraining checkpoint, e.g. carp_38M@0.25
            official = official + "@" + model.pretraining();
        }
        // where `plmlab forge NAME` keeps downloads, with the same default folder
        Path cached = cache.resolve(official + ".pt");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        throw new IllegalArgumentException("the official checkpoint " + official + " is not in " + cached.getParent()
                + "; fetch it once with `plmlab forge " + official + "` or name a local file with 'checkpoint:'");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
