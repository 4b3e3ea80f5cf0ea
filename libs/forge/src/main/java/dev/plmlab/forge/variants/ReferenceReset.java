package dev.plmlab.forge.variants;

import java.util.Map;
import java.util.SplittableRandom;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

/**
 * The name rules of microsoft/protein-transfer's random-init reset ({@link RandomInit.Flavour#REFERENCE}),
 * written out as the reference's Python actually behaves, not as its comments describe it.
 */
final class ReferenceReset {

    private ReferenceReset() {
    }

    static boolean resets(Family family, String name) {
        if (family == Family.CARP) {
            return name.contains("layers");
        }
        // the reference tests "_proj", "fc" (its `"layers" and "fc" in name` reduces to that) and "contact_head"
        if (name.contains("_proj") || name.contains("fc") || name.contains("contact_head")) {
            return true;
        }
        return family == Family.ESM1B
                && (name.contains("embed_positions") || name.equals("lm_head.weight") || name.contains("dense"));
    }

    static Tensor initialise(Family family, String name, ParameterRole role, Tensor current, Map<String, Tensor> state,
            SplittableRandom random) {
        if (family == Family.CARP) {
            // inside the ByteNet blocks the reference re-draws convs and really sets LayerNorms to 1 / 0
            return FreshInit.initialise(family, name, role, current, state, random);
        }
        if (role == ParameterRole.EMBEDDING && name.equals("embed_positions.weight")) {
            // normal_ without nn.Embedding's padding-row zeroing
            float[] values = new float[Math.toIntExact(current.numel())];
            SeededStreams.gaussian(random, 0.0, 1.0, values);
            return new Tensor(current.shape().clone(), values);
        }
        return FreshInit.initialise(family, name, role, current, state, random);
    }

    /** The reference's {@code xavier_uniform_(lm_head.weight)}. */
    static Tensor xavierUniform(Tensor current, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(current.numel())];
        SeededStreams.uniform(random, FreshInit.xavierUniformBound(current.shape(), 1.0), values);
        return new Tensor(current.shape().clone(), values);
    }
}
