package dev.plmlab.cli.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameSuggestionsTest {

    private static final List<String> KNOWN = List.of("esm1b_t33_650M_UR50S", "esm2_t6_8M_UR50D", "esm2_t12_35M_UR50D",
            "esm2_t33_650M_UR50D", "carp_38M", "carp_38M@0.25", "carp_640M");

    @Test
    void typosAndCaseAreForgiven() {
        assertEquals("esm2_t33_650M_UR50D", NameSuggestions.closest("esm2_t33_650m_ur50d", KNOWN).get(0));
        assertEquals("carp_38M", NameSuggestions.closest("carp38M", KNOWN).get(0));
    }

    @Test
    void aPartOfTheNameFindsTheModelsContainingIt() {
        assertEquals(List.of("esm2_t6_8M_UR50D"), NameSuggestions.closest("esm2_t6", KNOWN));
        assertEquals(Set.of("esm1b_t33_650M_UR50S", "esm2_t33_650M_UR50D"), Set.copyOf(NameSuggestions.closest("650M", KNOWN)));
    }

    @Test
    void somethingUnrelatedSuggestsNothing() {
        assertEquals(List.of(), NameSuggestions.closest("prot_bert_bfd", KNOWN));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, NameSuggestions.editDistance("abc", "abc"));
        assertEquals(3, NameSuggestions.editDistance("kitten", "sitting"));
        assertEquals(4, NameSuggestions.editDistance("", "abcd"));
    }
}
