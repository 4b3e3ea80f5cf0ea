package dev.plmlab.science.onehot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OneHotEncoderTest {
    @Test
    void alphabetIsTheReferenceOrder() {
        assertEquals("ACDEFGHIKLMNPQRSTVWYBXU", OneHotEncoder.ALPHABET);
        assertEquals(23, OneHotEncoder.WIDTH);
        assertEquals(20, OneHotEncoder.columnOf('B'));
        assertEquals(22, OneHotEncoder.columnOf('U'));
        assertEquals(21, OneHotEncoder.columnOf('Z'), "Z, O and J are encoded as X");
        assertEquals(-1, OneHotEncoder.columnOf('-'));
    }

    @Test
    void flatRowsArePositionMajorAndZeroPadded() {
        float[] x = OneHotEncoder.encodeFlat(List.of("CA", "U"), 3);
        assertEquals(2 * 3 * 23, x.length);
        float[] expected = new float[x.length];
        expected[1] = 1; // row 0, position 0, C
        expected[23] = 1; // row 0, position 1, A
        expected[69 + 22] = 1; // row 1, position 0, U; positions 1 and 2 are padding
        assertArrayEquals(expected, x);
    }

    @Test
    void gb1WidthIs1288() {
        String wildTypeStart = "MQYKLILNGKTLKGETTTEAVDAATAEKVFKQYANDNGVDGEWTYDDATKTFTVTE";
        assertEquals(56, wildTypeStart.length());
        float[][] rows = OneHotEncoder.encodeFlatRows(List.of(wildTypeStart), 56);
        assertEquals(1288, rows[0].length);
        float sum = 0;
        for (float v : rows[0]) {
            sum += v;
        }
        assertEquals(56, sum);
    }

    @Test
    void perResidueGivesOneRowPerResidue() {
        float[][] rows = OneHotEncoder.encodePerResidue("p1", "WX");
        assertEquals(2, rows.length);
        assertEquals(1, rows[0][18]);
        assertEquals(1, rows[1][21]);
    }

    @Test
    void zojAreEncodedAsXAndCounted() {
        float[] flat = OneHotEncoder.encodeFlat(List.of("AOX"), 3);
        assertEquals(1, flat[23 + 21], "O takes X's column");
        assertEquals(2, OneHotEncoder.aliasedToX(List.of("ZA", "J", "X")));
    }

    @Test
    void otherLettersAreRejectedNamingSequencePositionAndLetter() {
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> OneHotEncoder.encodeFlat(List.of("ACD", "AA-"), 5));
        assertTrue(flat.getMessage().contains("sequence #1"), flat.getMessage());
        assertTrue(flat.getMessage().contains("'-' at position 3"), flat.getMessage());

        IllegalArgumentException perResidue = assertThrows(IllegalArgumentException.class,
                () -> OneHotEncoder.encodePerResidue("P0DTC2", "Ma"));
        assertTrue(perResidue.getMessage().contains("sequence P0DTC2"), perResidue.getMessage());
        assertTrue(perResidue.getMessage().contains("'a' at position 2"), perResidue.getMessage());

        for (String letter : List.of("-", "*", "1")) {
            assertThrows(IllegalArgumentException.class, () -> OneHotEncoder.encodePerResidue("s", letter));
        }
    }

    @Test
    void tooLongSequenceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHotEncoder.encodeFlat(List.of("ACDE"), 3));
        assertTrue(e.getMessage().contains("sequence #0 has 4 residues"), e.getMessage());
    }
}
