package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.tokens.Alphabet;

/**
 * The special token ids a graph needs for masking, pooling and token dropout, taken from the family's
 * {@link Alphabet} (the one the tokeniser uses, so ids cannot disagree).
 *
 * @param pad  padding id
 * @param cls  start token id, or -1 if the family frames none (CARP)
 * @param eos  end token id, or -1 if the family appends none (ESM-1, CARP)
 * @param mask mask token id
 */
record SpecialTokens(long pad, long cls, long eos, long mask) {

    static SpecialTokens of(Family family) {
        Alphabet alphabet = Alphabet.forFamily(family);
        long cls = alphabet.clsIndex().orElse(-1);
        long eos = alphabet.appendEos() ? alphabet.eosIndex().orElse(-1) : -1;
        return new SpecialTokens(alphabet.paddingIndex(), cls, eos, alphabet.maskIndex());
    }
}
