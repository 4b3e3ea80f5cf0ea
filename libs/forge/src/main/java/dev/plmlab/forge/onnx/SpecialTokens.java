package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Family;

/**
 * The special token ids each family's alphabet fixes (fair-esm {@code Alphabet}, CARP
 * {@code PROTEIN_ALPHABET}); the graphs need them for masking, pooling and token dropout.
 *
 * @param pad  padding id
 * @param cls  start token id, or -1 if the family has none
 * @param eos  end token id, or -1 if the family emits none
 * @param mask mask token id
 */
record SpecialTokens(long pad, long cls, long eos, long mask) {

    static SpecialTokens of(Family family) {
        return switch (family) {
            // ESM-1b / ESM-2 alphabet: <cls>=0 <pad>=1 <eos>=2 ... <mask>=32
            case ESM2, ESM1B -> new SpecialTokens(1, 0, 2, 32);
            // protein_bert_base alphabet: <pad>=1, <cls>=32, <mask>=33; <eos>=2 exists but is never emitted
            case ESM1 -> new SpecialTokens(1, 32, 2, 33);
            // ACDEFGHIKLMNPQRSTVWYBZXJOU*-#@ : '-'=27 pads, '#'=28 masks, no start/stop tokens
            case CARP -> new SpecialTokens(27, -1, -1, 28);
        };
    }
}
