package dev.plmlab.science.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.DatasetException;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitCsvTest {
    private static final String LETTERS = "ACDEFGHIKLMNPQRSTVWY";

    private static DataParts parse(SplitCsv parser, String text) throws IOException {
        return parser.parse(new StringReader(text), "mine.csv");
    }

    @Test
    void renamedColumnsQuotedFieldsByteOrderMarkAndCrlfAreRead() throws IOException {
        String csv = "\uFEFFprotein,\"fitness, log\",fold,is_val\r\n"
                + "\"MKV\",\"1.5\",train,False\r\n"
                + "ACD,-2,train,True\r\n"
                + "\r\n"
                + "WY,3e-1,test,\r\n";
        SplitCsv parser = SplitCsv.of(SplitCsv.LabelKind.NUMBER,
                Map.of("sequence", "protein", "target", "fitness, log", "set", "fold", "validation", "is_val"), LETTERS);
        DataParts parts = parse(parser, csv);
        assertEquals(List.of(DataRecord.regression(null, "MKV", 1.5)), parts.train());
        assertEquals(List.of(DataRecord.regression(null, "ACD", -2)), parts.validation());
        assertEquals(List.of(DataRecord.regression(null, "WY", 0.3)), parts.test());
    }

    @Test
    void classNamesAreKeptAsTextAndFittedOnceOverAllParts() throws IOException {
        String csv = "sequence,target,set,validation\nMKV,Nucleus,train,\nACD,Cell membrane,train,True\n"
                + "WY,Lysosome/Vacuole,test,\n";
        DataParts parts = parse(SplitCsv.of(SplitCsv.LabelKind.CLASS_NAME, Map.of(), LETTERS), csv);
        assertEquals("Nucleus", parts.train().get(0).className());
        assertEquals(List.of("Cell membrane", "Lysosome/Vacuole", "Nucleus"), parts.classNames(),
                "a class seen only in test is still in the one class set");
    }

    @Test
    void integerClassNamesSortByValue() throws IOException {
        String csv = "sequence,target,set\nMKV,10,train\nACD,9,train\nWY,0,test\n";
        assertEquals(List.of("0", "9", "10"), parse(SplitCsv.of(SplitCsv.LabelKind.CLASS_NAME, Map.of(), LETTERS), csv)
                .classNames());
    }

    @Test
    void perResidueLabelsMustMatchTheSequenceLength() throws IOException {
        SplitCsv parser = SplitCsv.of(SplitCsv.LabelKind.RESIDUE_LABELS, Map.of("labels", "ss"), LETTERS);
        DataParts parts = parse(parser, "sequence,ss,set\nMKV,HEC,train\nACDE,CCHH,test\n");
        assertEquals("HEC", parts.train().get(0).labels());
        DatasetException e = assertThrows(DatasetException.class,
                () -> parse(parser, "sequence,ss,set\nMKV,HEC,train\nACDE,CCH,test\n"));
        assertTrue(e.getMessage().contains("mine.csv:3: 3 labels for 4 residues"), e.getMessage());
    }

    @Test
    void skippedRowsAreCountedNeverDropped() throws IOException {
        String csv = "sequence,target,set,validation\nMKV,,train,\nACD,1,,\nWY,2,test,\nMK,3,train,\n";
        DatasetException e = assertThrows(DatasetException.class,
                () -> parse(SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS), csv));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("mine.csv:2: empty target"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith("mine.csv:3: set must be train or test, got ''"), e.getMessage());

        DataParts parts = parse(SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS).skippingEmptyTargets()
                .skippingRowsOutsideTheSplit(), csv);
        assertEquals(1, parts.train().size());
        assertEquals(1, parts.test().size());
        assertEquals(List.of("mine.csv: skipped 1 row(s) with an empty target",
                "mine.csv: skipped 1 row(s) with an empty set (not part of this split)"), parts.notes());
    }

    @Test
    void everyBadRowIsNamedByLine() {
        String csv = "sequence,target,set,validation\nMKV,1,train,\nM1V,x,train,maybe\n\"AC,2,test,\nWY,3,test,\n";
        DatasetException e = assertThrows(DatasetException.class,
                () -> parse(SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS), csv));
        assertTrue(e.getMessage().contains("mine.csv:3: letter '1' at residue 2"), e.getMessage());
        assertTrue(e.getMessage().contains("mine.csv:3: validation must be True, False or empty"), e.getMessage());
        assertTrue(e.getMessage().contains("mine.csv:3: target must be a finite decimal number, got 'x'"), e.getMessage());
        assertTrue(e.getMessage().contains("mine.csv:6: not a readable CSV row: Missing closing quote"), e.getMessage());
    }

    @Test
    void aHeaderWithoutTheNamedColumnsSaysWhatItHas() {
        DatasetException e = assertThrows(DatasetException.class, () -> parse(
                SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of("target", "fitness"), LETTERS), "sequence,target,set\n"));
        assertTrue(e.getMessage().contains("mine.csv:1: header lacks column(s) [fitness]"), e.getMessage());
    }

    @Test
    void conflictingDuplicateTargetsAreAWarningNamingBothLines() throws IOException {
        String csv = "sequence,target,set,validation\nMKV,1,train,\nACD,2,train,\nMKV,3,train,\nACD,2,train,\nWY,1,test,\n";
        DataParts parts = parse(SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS), csv);
        assertEquals(4, parts.train().size(), "the split's rows are kept as its authors defined them");
        assertEquals(List.of("warning: mine.csv: 1 sequence(s) appear twice in one part with conflicting targets (both rows"
                + " kept): mine.csv:4 repeats the sequence of mine.csv:2 with a different target",
                "mine.csv: 1 row(s) repeat an earlier row's sequence and target in the same part"), parts.warnings());
        assertEquals(List.of(), parts.notes());
    }

    @Test
    void aSequenceInTrainAndTestIsAWarningWithACount() throws IOException {
        String csv = "sequence,target,set,validation\nMKV,1,train,\nACD,2,train,True\nMKV,1,test,\nACD,5,test,\nWY,1,test,\n";
        DataParts parts = parse(SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS), csv);
        assertEquals(List.of("warning: mine.csv: 2 sequence(s) of train/validation also appear in test, so test scores may"
                + " be optimistic: mine.csv:2 (train) = mine.csv:4 (test); mine.csv:3 (validation) = mine.csv:5 (test)"),
                parts.warnings());
    }

    @Test
    void nonFiniteAndNonDecimalTargetsAreNamedByLine() {
        String csv = "sequence,target,set,validation\nMKV,NaN,train,\nMKV,inf,train,\nMKV,-Infinity,train,\n"
                + "MKV,0x1p3,train,\nMKV,1d,train,\nMKV,1e400,train,\nWY,1,test,\n";
        DatasetException e = assertThrows(DatasetException.class,
                () -> parse(SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS), csv));
        assertEquals(6, e.problems().size(), e.getMessage());
        for (int line = 2; line <= 7; line++) {
            assertTrue(e.getMessage().contains("mine.csv:" + line + ": target must be a finite decimal number"), e.getMessage());
        }
    }

    @Test
    void aHeaderOnlyFileAndAFileWithoutTrainOrTestRowsFailEarly() {
        SplitCsv parser = SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS);
        DatasetException e = assertThrows(DatasetException.class, () -> parse(parser, "sequence,target,set,validation\r\n"));
        assertEquals("mine.csv: no data rows, only a header: expected one row per sequence", e.getMessage());
        e = assertThrows(DatasetException.class, () -> parse(parser, "sequence,target,set,validation\nMKV,1,test,\n"));
        assertTrue(e.getMessage().startsWith("mine.csv: no training rows"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> parse(parser, "sequence,target,set,validation\nMKV,1,train,\n"));
        assertTrue(e.getMessage().startsWith("mine.csv: no test rows"), e.getMessage());
    }

    @Test
    void aDirectoryIsSaidToBeADirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
        SplitCsv parser = SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), LETTERS);
        DatasetException e = assertThrows(DatasetException.class, () -> parser.read(folder));
        assertTrue(e.getMessage().equals(folder + " is a directory, not a data file: name the CSV or FASTA file inside it"),
                e.getMessage());
        e = assertThrows(DatasetException.class, () -> parser.read(folder.resolve("absent.csv")));
        assertEquals(folder.resolve("absent.csv") + " does not exist", e.getMessage());
    }
}
