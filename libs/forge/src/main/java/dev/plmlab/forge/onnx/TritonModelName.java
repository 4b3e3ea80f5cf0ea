package dev.plmlab.forge.onnx;

import dev.plmlab.forge.ModelForge;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.spec.Variant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one naming scheme of forged models in a Triton model repository, shared by {@code plmlab forge} and
 * the embedder: {@code <model>--<content>} for pretrained weights and
 * {@code <model>__<variant>__s<seed>--<content>} otherwise (the variant's '/' written '-'), e.g.
 * {@code esm2_t6_8M_UR50D__stat-transfer-permute__s42--3f9a0c1d2e4b5a69}.
 *
 * <p>The readable part says what it is; {@code <content>}, 16 hex digits of a hash over the checkpoint's
 * sha256, the variant, its seed, the forge version and the graph's outputs, says which bytes. Two different
 * checkpoints under one catalogue name, or one forged by an older forge, never share an entry, and the
 * embedder finds what a forge Job published ahead of time whenever both forged the same thing. Triton names
 * may hold only letters, digits, '_', '.' and '-', so any other character of the model name (the '@' of
 * {@code carp_38M@0.25}) becomes '_'.
 */
public final class TritonModelName {

    static final String SEPARATOR = "__";
    static final String CONTENT_SEPARATOR = "--";
    private static final int CONTENT_HEX = 16;

    private TritonModelName() {
    }

    /**
     * @param model            the catalogue name, or the file name of a user's checkpoint
     * @param checkpointSha256 hex sha256 of the checkpoint file
     */
    public static String of(String model, String checkpointSha256, Variant variant, long seed, GraphOptions options) {
        if (checkpointSha256 == null || !checkpointSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a checkpoint sha256 (64 lower-case hex digits) is needed, got " + checkpointSha256);
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("checkpoint", checkpointSha256);
        content.put("variant", variant.specName());
        content.put("seed", variant.seeded() ? seed : 0);
        content.put("forge", ModelForge.VERSION);
        content.put("outputs", outputs(options));
        String hash = JobIds.sha256(content.toString()).substring(0, CONTENT_HEX);
        return readable(model, variant, seed) + CONTENT_SEPARATOR + hash;
    }

    /** The part before {@code --}: model, and variant and seed where the weights depend on them. */
    static String readable(String model, Variant variant, long seed) {
        String base = model.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (!variant.seeded()) {
            return base;
        }
        return base + SEPARATOR + variant.specName().replace('/', '-') + SEPARATOR + "s" + seed;
    }

    private static String outputs(GraphOptions options) {
        return "hidden=" + options.hiddenLayers() + ",every=" + options.everyLayer() + ",logits=" + options.logits()
                + ",fp16w=" + options.fp16Weights() + ",fp16o=" + options.fp16Outputs();
    }
}
