package dev.plmlab.science.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.science.onehot.OneHotEncoder;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FlipCsvTest {
    private static final FlipCsv PARSER = FlipCsv.withAlphabet(OneHotEncoder.ALPHABET);

    private static FlipCsv.Result parse(FlipCsv parser, String text) throws IOException {
        return parser.parse(new StringReader(text), "mem.csv");
    }

    @Test
    void splitsRowsIntoTrainValidationAndTestWithHeaderColumnOrder() throws IOException {
        String csv = "set,validation,target,sequence,extra\n"
                + "train,,1.5,ACD,x\n"
                + "train,True,-2,MKV,x\n"
                + "train,False,0.25,WY,x\n"
                + "test,,3e-1,BXU,x\n";
        LabeledDataset data = parse(PARSER, csv).dataset();
        assertEquals(2, data.train().size());
        assertEquals(new LabeledSequence("ACD", 1.5), data.train().get(0));
        assertEquals(new LabeledSequence("WY", 0.25), data.train().get(1));
        assertEquals(new LabeledSequence("MKV", -2), data.validation().get(0));
        assertEquals(new LabeledSequence("BXU", 0.3), data.test().get(0));
    }

    @Test
    void keepsOnlyTheFirstResiduesWhenAsked() throws IOException {
        String csv = "sequence,target,set,validation\nACDEFZZZ,1,train,\n";
        LabeledDataset data = parse(PARSER.keepingFirstResidues(5), csv).dataset();
        assertEquals("ACDEF", data.train().get(0).sequence());
    }

    @Test
    void everyBadLetterIsReportedWithFileLineAndLetter() {
        String csv = "sequence,target,set,validation\nACD,1,train,\nAZD,2,train,\nACJ,3,test,\n";
        DatasetException e = assertThrows(DatasetException.class, () -> parse(PARSER, csv));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("mem.csv:3: letter 'Z' at residue 2"), e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("mem.csv:4: letter 'J' at residue 3"), e.problems().get(1));
    }

    @Test
    void emptyTargetFailsByDefaultAndIsCountedWhenSkipping() throws IOException {
        String csv = "sequence,target,set,validation\nACD,,train,\nACE,1,train,\nACF,2,test,\n";
        DatasetException e = assertThrows(DatasetException.class, () -> parse(PARSER, csv));
        assertTrue(e.getMessage().contains("mem.csv:2: empty target"), e.getMessage());
        FlipCsv.Result result = parse(PARSER.skippingEmptyTargets(), csv);
        assertEquals(1, result.skippedEmptyTargets());
        assertEquals(1, result.dataset().train().size());
        assertEquals(1, result.dataset().test().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // ';' separates lines (the annotation cannot hold a newline)
        "sequence,target,set|lacks column(s) [validation]",
        "sequence,target,set,validation;ACD,1,dev,|mem.csv:2: set must be train or test",
        "sequence,target,set,validation;ACD,1,train,maybe|mem.csv:2: validation must be True, False or empty",
        "sequence,target,set,validation;ACD,1,train,;ACD,abc,train,|mem.csv:3: target is not a number",
        "sequence,target,set,validation;ACD,1,train|mem.csv:2: 3 fields, the header has 4",
        "sequence,target,set,validation;ACD,1,test,True|mem.csv:2: a test row is marked validation=True",
        "sequence,sequence,target,set,validation|column 'sequence' appears twice",
    })
    void malformedFilesGiveClearErrors(String csv, String expected) {
        DatasetException e = assertThrows(DatasetException.class, () -> parse(PARSER, csv.replace(';', '\n')));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void realGb1SplitsHaveTheReferenceCounts() {
        // counts from SCIENCE.md, checked independently with Python's csv module on the same zip
        assertCounts("sampled", 6289, 699, 1745);
        assertCounts("low_vs_high", 4580, 509, 3644);
        assertCounts("two_vs_rest", 381, 43, 8309);
    }

    private static void assertCounts(String split, int train, int validation, int test) {
        FlipCsv.Result result = FlipCsv.withAlphabet(OneHotEncoder.ALPHABET)
                .keepingFirstResidues(FlipFiles.GB1_RESIDUES_USED)
                .readZipEntry(SharedData.gb1Splits(), FlipFiles.gb1SplitEntry(split));
        LabeledDataset data = result.dataset();
        assertEquals(train, data.train().size(), split + " train");
        assertEquals(validation, data.validation().size(), split + " validation");
        assertEquals(test, data.test().size(), split + " test");
        assertEquals(0, result.skippedEmptyTargets());
        assertTrue(data.train().stream().allMatch(s -> s.sequence().length() == 56));
    }

    @Test
    void missingZipEntryIsNamed() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> PARSER.readZipEntry(SharedData.gb1Splits(), "splits/nope.csv"));
        assertTrue(e.getMessage().contains("no entry splits/nope.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("splits/sampled.csv"), e.getMessage());
    }
}
