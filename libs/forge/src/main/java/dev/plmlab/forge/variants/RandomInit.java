package dev.plmlab.forge.variants;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

/**
 * The "random init" ablation: the same architecture with freshly initialised weights. Deterministic: the
 * same checkpoint, flavour and seed give the same bytes.
 */
public final class RandomInit {

    /** Which tensors are re-initialised. */
    public enum Flavour {
        /**
         * Every parameter gets the value a freshly constructed reference model gives it (see
         * {@link ParameterRole}); buffers (ESM-2 rotary {@code inv_freq}, ESM-1's dtype carrier) are kept, and
         * ESM-1b/ESM-2's {@code lm_head.weight} stays tied to the new token embedding.
         */
        FULL,
        /**
         * Reproduces microsoft/protein-transfer's reset, which re-initialises only some tensors by name
         * (its LayerNorm re-init builds a new Parameter it never assigns, so it is a no-op):
         * <ul>
         *   <li>ESM (all three): attention projections, fc1/fc2 and the contact head are reset; every
         *       LayerNorm weight and bias, the token embedding, ESM-1's bias_k/bias_v and embed_out and the
         *       lm_head bias stay pretrained.</li>
         *   <li>ESM-1b only, additionally: the learned positions (N(0,1), padding row not zeroed), lm_head.dense,
         *       and lm_head.weight (xavier-uniform). lm_head.weight is the token embedding's own tensor, so
         *       the reference in fact re-initialises ESM-1b's token embedding through the tie; reproduced.</li>
         *   <li>CARP: inside {@code embedder.layers} convolutions are reset and LayerNorms set to 1/0;
         *       the embedding, up-projection, decoder and last_norm stay pretrained.</li>
         * </ul>
         * Buffers are kept (the reference does not touch them either).
         */
        REFERENCE
    }

    private static final String OPERATION = "random-init";

    private RandomInit() {
    }

    /**
     * {@code checkpoint} with parameters re-initialised per {@code flavour}. Lazy: each re-initialised
     * tensor is drawn when its values are asked for (from its own seeded stream, so the same values every
     * time) and the original's values are never read; nothing is computed here.
     */
    public static Checkpoint apply(Checkpoint checkpoint, Flavour flavour, long seed) {
        Family family = checkpoint.family();
        Map<String, Tensor> state = checkpoint.state();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String name = e.getKey();
            ParameterRole role = ParameterRoles.of(family, name);
            boolean reset = flavour == Flavour.FULL ? isParameter(role) : ReferenceReset.resets(family, name);
            if (!reset || role == ParameterRole.TIED_TO_TOKEN_EMBEDDING) {
                out.put(name, e.getValue()); // tied outputs are filled in below, from the final embedding
                continue;
            }
            Tensor current = e.getValue();
            out.put(name, Tensor.lazy(current.shape(), () -> {
                SplittableRandom random = SeededStreams.forTensor(seed, OPERATION, name);
                return (flavour == Flavour.FULL
                        ? FreshInit.initialise(family, name, role, current, state, random)
                        : ReferenceReset.initialise(family, name, role, current, state, random)).data();
            }));
        }
        tieOutputHead(checkpoint, flavour, seed, out);
        return new Checkpoint(family, checkpoint.name(), checkpoint.config(), Collections.unmodifiableMap(out));
    }

    /**
     * ESM-1b/ESM-2 hold one tensor under two names. FULL re-draws it as an embedding; REFERENCE (ESM-1b)
     * re-draws it as the reference's xavier-uniform lm_head.weight, which overwrites the embedding too.
     */
    private static void tieOutputHead(Checkpoint checkpoint, Flavour flavour, long seed, Map<String, Tensor> out) {
        Tensor head = checkpoint.state().get("lm_head.weight");
        if (head == null) {
            return;
        }
        if (flavour == Flavour.REFERENCE && ReferenceReset.resets(checkpoint.family(), "lm_head.weight")) {
            Tensor shared = Tensor.lazy(head.shape(), () -> ReferenceReset.xavierUniform(head,
                    SeededStreams.forTensor(seed, OPERATION, "lm_head.weight")).data());
            out.put("embed_tokens.weight", shared);
            out.put("lm_head.weight", shared); // lazy: each load is a fresh copy
        } else {
            out.put("lm_head.weight", copy(out.get("embed_tokens.weight")));
        }
    }

    private static boolean isParameter(ParameterRole role) {
        return role != ParameterRole.BUFFER;
    }

    /** Its own values: an in-memory tensor is copied, a lazy one gives a fresh array on every load anyway. */
    private static Tensor copy(Tensor tensor) {
        return tensor.inMemory() ? new Tensor(tensor.shape().clone(), tensor.data().clone()) : tensor;
    }
}
