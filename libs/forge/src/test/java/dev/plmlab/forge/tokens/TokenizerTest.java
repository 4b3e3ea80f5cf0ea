package dev.plmlab.forge.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.GoldenFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenizerTest {

    private static final Map<String, Family> FAMILY = Map.of(
            "esm2", Family.ESM2, "esm1b", Family.ESM1B, "esm1", Family.ESM1, "carp", Family.CARP);

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void alphabetMatchesReference(String family) {
        JsonNode expected = GoldenFixtures.expected(family);
        Alphabet alphabet = Alphabet.forFamily(FAMILY.get(family));
        assertEquals(strings(expected.get("alphabet")), alphabet.tokens());
        JsonNode config = expected.get("config");
        assertEquals(config.get("vocab_size").asInt(), alphabet.size());
        assertEquals(config.get("mask_idx").asInt(), alphabet.maskIndex());
        assertEquals(config.has("padding_idx") ? config.get("padding_idx").asInt() : config.get("pad_idx").asInt(),
                alphabet.paddingIndex());
        if (config.has("cls_idx")) {
            assertEquals(config.get("cls_idx").asInt(), alphabet.clsIndex().getAsInt());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void batchEqualsReferenceTokens(String family) {
        JsonNode expected = GoldenFixtures.expected(family);
        assertBatch(Tokenizer.forFamily(FAMILY.get(family)), expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void singleSequencesEqualReferenceTokens(String family) {
        Tokenizer tokenizer = Tokenizer.forFamily(FAMILY.get(family));
        for (JsonNode single : GoldenFixtures.expected(family).get("single")) {
            TokenBatch batch = tokenizer.batch(List.of(single.get("sequence").asText()));
            assertArrayEquals(longs2(single.get("tokens")), batch.tokens());
            assertArrayEquals(ints(single.get("lengths")), batch.lengths());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void maskedExampleEqualsReferenceTokens(String family) {
        assertBatch(Tokenizer.forFamily(FAMILY.get(family)), GoldenFixtures.expected(family).get("masked_example"));
    }

    @Test
    void letterOutsideAlphabetNamesSequencePositionAndLetter() {
        Tokenizer esm = Tokenizer.forFamily(Family.ESM2);
        UnknownTokenException e = assertThrows(UnknownTokenException.class,
                () -> esm.batch(List.of("MKT", "MKJL")));
        assertEquals(1, e.sequenceIndex());
        assertEquals(2, e.position());
        assertEquals('J', e.letter());
        assertEquals("sequence 1, position 2: letter 'J' (U+004A) is not in the ESM2 alphabet", e.getMessage());

        // J is a CARP letter, but lower case is not
        assertEquals(1, Tokenizer.forFamily(Family.CARP).batch(List.of("MKJ")).batchSize());
        UnknownTokenException lower = assertThrows(UnknownTokenException.class,
                () -> Tokenizer.forFamily(Family.CARP).batch(List.of("MKJ", "AC", "mk")));
        assertEquals(2, lower.sequenceIndex());
        assertEquals(0, lower.position());
    }

    @Test
    void unfinishedMaskIsAnError() {
        UnknownTokenException e = assertThrows(UnknownTokenException.class,
                () -> Tokenizer.forFamily(Family.ESM2).encode("MK<mas"));
        assertEquals(2, e.position());
        assertEquals('<', e.letter());
    }

    @Test
    void carpHasNoMultiCharacterTokens() {
        assertThrows(UnknownTokenException.class, () -> Tokenizer.forFamily(Family.CARP).encode("MK<mask>"));
    }

    private static void assertBatch(Tokenizer tokenizer, JsonNode expected) {
        TokenBatch batch = tokenizer.batch(strings(expected.get("sequences")));
        assertArrayEquals(longs2(expected.get("tokens")), batch.tokens());
        assertArrayEquals(ints(expected.get("lengths")), batch.lengths());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static long[][] longs2(JsonNode rows) {
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = rows.get(i);
            out[i] = new long[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).asLong();
            }
        }
        return out;
    }
}
