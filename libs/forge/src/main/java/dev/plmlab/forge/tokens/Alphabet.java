package dev.plmlab.forge.tokens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import dev.plmlab.forge.checkpoint.Family;

/**
 * A model's token vocabulary in id order, with its special tokens and how sequences are framed. The three
 * reference alphabets are built here exactly as fair-esm ({@code Alphabet.from_architecture}) and CARP
 * ({@code PROTEIN_ALPHABET}) build them; ids must match the checkpoints' embedding rows.
 */
public final class Alphabet {

    /** fair-esm's residue letters, ids 4..30 in every ESM alphabet. */
    static final String ESM_RESIDUES = "LAGVSERTIDPKQNFYMHWCXBUZO.-";
    /** CARP's PROTEIN_ALPHABET: ids are positions in this string. */
    static final String CARP_LETTERS = "ACDEFGHIKLMNPQRSTVWYBZXJOU*-#@";

    private static final Alphabet ESM = esmStyle(
            List.of("<cls>", "<pad>", "<eos>", "<unk>"), List.of("<null_1>", "<mask>"), "<cls>", true, true);
    private static final Alphabet ESM1 = esmStyle(
            List.of("<null_0>", "<pad>", "<eos>", "<unk>"), List.of("<null_1>", "<cls>", "<mask>", "<sep>"), "<cls>",
            true, false);
    private static final Alphabet CARP = carpStyle();

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int paddingIndex;
    private final int maskIndex;
    private final OptionalInt unkIndex;
    private final OptionalInt clsIndex;
    private final OptionalInt eosIndex;
    private final boolean appendEos;

    private Alphabet(List<String> tokens, String pad, String mask, String unk, String cls, String eos, boolean appendEos) {
        this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
        this.ids = Collections.unmodifiableMap(ids);
        this.paddingIndex = ids.get(pad);
        this.maskIndex = ids.get(mask);
        this.unkIndex = unk == null ? OptionalInt.empty() : OptionalInt.of(ids.get(unk));
        this.clsIndex = cls == null ? OptionalInt.empty() : OptionalInt.of(ids.get(cls));
        this.eosIndex = eos == null ? OptionalInt.empty() : OptionalInt.of(ids.get(eos));
        this.appendEos = appendEos;
    }

    private static Alphabet esmStyle(List<String> before, List<String> after, String cls, boolean prependBos,
            boolean appendEos) {
        List<String> tokens = new ArrayList<>(before);
        for (char c : ESM_RESIDUES.toCharArray()) {
            tokens.add(String.valueOf(c));
        }
        tokens.addAll(after);
        return new Alphabet(tokens, "<pad>", "<mask>", "<unk>", prependBos ? cls : null, "<eos>", appendEos);
    }

    private static Alphabet carpStyle() {
        List<String> tokens = new ArrayList<>();
        for (char c : CARP_LETTERS.toCharArray()) {
            tokens.add(String.valueOf(c));
        }
        // CARP frames nothing: no start or stop token is added, pads are '-'
        return new Alphabet(tokens, "-", "#", null, null, null, false);
    }

    /** ESM-1b and ESM-2: 33 tokens, {@code <cls>}=0 first and {@code <eos>}=2 last. */
    public static Alphabet esm() {
        return ESM;
    }

    /** ESM-1 ({@code protein_bert_base}): 35 tokens, {@code <cls>}=32 first, no {@code <eos>} emitted. */
    public static Alphabet esm1() {
        return ESM1;
    }

    /** CARP: 30 tokens, pad {@code -}=27, mask {@code #}=28, nothing prepended or appended. */
    public static Alphabet carp() {
        return CARP;
    }

    public static Alphabet forFamily(Family family) {
        return switch (family) {
            case ESM1 -> ESM1;
            case ESM1B, ESM2 -> ESM;
            case CARP -> CARP;
        };
    }

    /** Token strings in id order. */
    public List<String> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    /** The id of a token string, if it is in the alphabet. */
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public int paddingIndex() {
        return paddingIndex;
    }

    public int maskIndex() {
        return maskIndex;
    }

    /** How a mask is written inside a sequence string: {@code <mask>} for ESM, {@code #} for CARP. */
    public String maskToken() {
        return tokens.get(maskIndex);
    }

    public OptionalInt unkIndex() {
        return unkIndex;
    }

    /** The start token put before every sequence (ESM), or empty (CARP). */
    public OptionalInt clsIndex() {
        return clsIndex;
    }

    /** The {@code <eos>} id when it exists in the alphabet, even if (ESM-1) it is never emitted. */
    public OptionalInt eosIndex() {
        return eosIndex;
    }

    public boolean prependBos() {
        return clsIndex.isPresent();
    }

    public boolean appendEos() {
        return appendEos;
    }

    /** Multi-character tokens ({@code <mask>}, {@code <unk>} ...) that a sequence string may contain. */
    List<String> bracketedTokens() {
        return tokens.stream().filter(t -> t.length() > 1).toList();
    }
}
