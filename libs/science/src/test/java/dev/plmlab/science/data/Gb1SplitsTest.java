package dev.plmlab.science.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plmlab.science.data.csv.SplitCsv;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** All five GB1 splits of the real zip have the sizes SCIENCE.md lists (train incl. validation / test). */
class Gb1SplitsTest {

    @ParameterizedTest
    @CsvSource({"one_vs_rest, 28, 8705", "two_vs_rest, 424, 8309", "three_vs_rest, 2990, 5743",
        "low_vs_high, 5089, 3644", "sampled, 6988, 1745"})
    void everySplitHasItsPublishedSize(String split, int trainWithValidation, int test) {
        DataParts data = SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), "ACDEFGHIKLMNPQRSTVWY")
                .keepingFirstResidues(FlipFiles.GB1_RESIDUES_USED)
                .readZipEntry(SharedData.folderOrSkip().resolve(FlipFiles.GB1_SPLITS.relativePath()),
                        FlipFiles.gb1SplitEntry(split));
        assertEquals(trainWithValidation, data.train().size() + data.validation().size(), split + " train + validation");
        assertEquals(test, data.test().size(), split + " test");
        // FLIP's GB1 splits (cut to 56 residues) have no repeated sequence within or across parts: no warning
        assertEquals(java.util.List.of(), data.notes(), split + " notes");
        assertEquals(java.util.List.of(), data.warnings(), split + " warnings");
    }
}
