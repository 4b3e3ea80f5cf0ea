package dev.plmlab.science.data.fasta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.DatasetException;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlipFastaLayoutTest {
    private static final String LETTERS = "ACDEFGHIKLMNPQRSTVWY";

    private static FastaReader.FastaFile fasta(String name, String text) throws IOException {
        return FastaReader.parse(new StringReader(text), name);
    }

    @Test
    void labelsSequencesAndMaskCombineByIdInLabelOrder() throws IOException {
        DataParts parts = FlipFastaLayout.combine(
                fasta("labels.fasta", ">b SET=test VALIDATION=False\n0110\n>a SET=train VALIDATION=True\n01\n0\n"
                        + ">c SET=train VALIDATION=False\n11\n"),
                fasta("sequences.fasta", ">a\nMKV\n>b\r\nACDE\r\n>c\nWY\n>d\nGG\n"),
                fasta("mask.fasta", ">a\n101\n>b\n1111\n>c\n11\n"), LETTERS, 0);
        assertEquals(List.of(DataRecord.perResidue("c", "WY", "11", "11")), parts.train());
        assertEquals(List.of(DataRecord.perResidue("a", "MKV", "010", "101")), parts.validation(), "bodies span lines");
        assertEquals(List.of(DataRecord.perResidue("b", "ACDE", "0110", "1111")), parts.test());
        assertEquals(List.of("0", "1"), parts.labelLetters());
        assertTrue(parts.notes().get(0).contains("1 sequence(s) have no labels"), parts.notes().toString());
    }

    @Test
    void withoutAMaskEveryResidueIsScored() throws IOException {
        DataParts parts = FlipFastaLayout.combine(fasta("l", ">a SET=train VALIDATION=False\nHE\n"),
                fasta("s", ">a\nMK\n"), null, LETTERS, 0);
        assertNull(parts.train().get(0).mask());
    }

    @Test
    void errorsNameFileIdAndWhatIsWrong() throws IOException {
        DatasetException e = assertThrows(DatasetException.class, () -> FlipFastaLayout.combine(
                fasta("labels.fasta", ">a SET=train VALIDATION=False\nHEC\n>b SET=dev VALIDATION=False\nHE\n"
                        + ">c SET=train VALIDATION=False\nHE\n>d SET=test VALIDATION=False\nHE\n"),
                fasta("sequences.fasta", ">a\nMK\n>b\nMK\n>d\nMK\n"),
                fasta("mask.fasta", ">a\n11\n>b\n11\n>c\n11\n>d\n12\n"), LETTERS, 0));
        String message = e.getMessage();
        assertTrue(message.contains("labels.fasta:1: id a: 3 labels but the sequence in sequences.fasta has 2 residues"), message);
        assertTrue(message.contains("labels.fasta:3: id b: SET must be train or test, got 'dev'"), message);
        assertTrue(message.contains("labels.fasta:5: id c: no sequence with this id in sequences.fasta"), message);
        assertTrue(message.contains("mask.fasta:7: id d: mask may hold only 0 and 1"), message);
    }

    @Test
    void repeatedLabelRecordsFollowStatedRules() throws IOException {
        DataParts parts = FlipFastaLayout.combine(
                fasta("labels.fasta", ">a SET=train VALIDATION=False\nHE\n>a SET=train VALIDATION=False\nHE\n"
                        + ">b SET=train VALIDATION=False\nHE\n>b SET=test VALIDATION=False\nHE\n"
                        + ">c SET=test VALIDATION=False\nEE\n"),
                fasta("sequences.fasta", ">a\nMK\n>b\nMK\n>c\nMK\n>c\nMK\n"), null, LETTERS, 0);
        assertEquals(List.of("a"), parts.train().stream().map(DataRecord::id).toList(), "an exact repeat is kept once");
        assertEquals(List.of("c"), parts.test().stream().map(DataRecord::id).toList(), "b is in two parts: left out");
        assertEquals(2, parts.notes().size(), parts.notes().toString());
        assertTrue(parts.notes().get(1).contains("1 protein(s) appear with two different SET/VALIDATION values and were left"
                + " out of every part, so that none is both trained and tested on: [b]"), parts.notes().get(1));
        // a and c are two ids of one sequence (MK), one in train and one in test: a warning, not an error
        assertEquals(List.of("warning: labels.fasta: 1 sequence(s) of train/validation also appear in test, so test scores may be"
                + " optimistic: labels.fasta:1: id a (train) = labels.fasta:9: id c (test)"), parts.warnings());

        DatasetException e = assertThrows(DatasetException.class, () -> FlipFastaLayout.combine(
                fasta("labels.fasta", ">a SET=train VALIDATION=False\nHE\n>a SET=train VALIDATION=False\nEE\n"),
                fasta("sequences.fasta", ">a\nMK\n>a\nMV\n"), null, LETTERS, 0));
        assertTrue(e.getMessage().contains("labels.fasta:3: id a: repeats the id of line 1 with different labels"), e.getMessage());
        assertTrue(e.getMessage().contains("sequences.fasta:3: id a: repeats the id of line 1 with a different sequence"),
                e.getMessage());
    }

    @Test
    void malformedFastaIsNamedByLine() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> fasta("x.fasta", "MKV\n>a\nMK\n>\nMK\n>b\n"));
        assertTrue(e.getMessage().contains("x.fasta:1: text before the first '>' header"), e.getMessage());
        assertTrue(e.getMessage().contains("x.fasta:4: header without an id"), e.getMessage());
        assertTrue(e.getMessage().contains("x.fasta:6: id b: empty body"), e.getMessage());
    }
}
