package dev.plmlab.science.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plmlab.science.data.DatasetLocator;
import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.csv.SplitCsv;
import java.util.Map;
import dev.plmlab.science.data.FlipFiles;
import dev.plmlab.science.data.SharedData;
import dev.plmlab.science.metrics.Spearman;
import dev.plmlab.science.onehot.OneHotEncoder;
import dev.plmlab.science.probe.AlphaScore;
import dev.plmlab.science.probe.FeatureMatrix;
import dev.plmlab.science.probe.RidgeFit;
import dev.plmlab.science.probe.RidgeProbe;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one-hot baseline of SCIENCE.md on the real GB1 splits: flattened one-hot of the first 56
 * residues (56 × 23 = 1288 features), ridge with alpha chosen on validation Spearman ρ,
 * test Spearman ρ compared with the reference's (±0.05).
 *
 * <p>{@code numpy} column: the same computation in numpy/scipy (eigendecomposition of the
 * Gram matrix, same grid, same tie rule), run offline when this test was written; the Java
 * result must agree with it much more closely, which checks this implementation rather than
 * only the reference's ballpark.
 */
class Gb1OneHotRidgeTest {
    private static final Path ZIP = DatasetLocator.builder().sharedData(SharedData.folder()).offline().build()
            .resolve(FlipFiles.GB1_SPLITS);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // split,       reference, numpy (offline)
        "sampled,       0.789,     0.7885",
        "low_vs_high,   0.322,     0.3455",
        "two_vs_rest,   0.543,     0.5625",
    })
    void testSpearmanMatchesTheReference(String split, double reference, double numpy) {
        DataParts data = SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), OneHotEncoder.ALPHABET)
                .keepingFirstResidues(FlipFiles.GB1_RESIDUES_USED)
                .readZipEntry(ZIP, FlipFiles.gb1SplitEntry(split));
        RidgeFit fit = new RidgeProbe().fit(features(data.train()), targets(data.train()),
                features(data.validation()), targets(data.validation()));
        double rho = Spearman.rho(targets(data.test()), fit.model().predict(features(data.test())));

        StringBuilder perAlpha = new StringBuilder();
        for (AlphaScore s : fit.validationScores()) {
            perAlpha.append(String.format(" %g:%.4f", s.alpha(), s.validationSpearman()));
        }
        System.out.printf("GB1 %-11s one-hot ridge: test Spearman %.4f (reference %.3f), alpha %g, val ρ by alpha%s%n",
                split, rho, reference, fit.chosenAlpha(), perAlpha);
        assertEquals(reference, rho, 0.05, split + " test Spearman vs the reference");
        assertEquals(numpy, rho, 0.002, split + " test Spearman vs numpy");
    }

    private static FeatureMatrix features(List<DataRecord> part) {
        int length = FlipFiles.GB1_RESIDUES_USED;
        return new FeatureMatrix(OneHotEncoder.encodeFlat(part.stream().map(DataRecord::sequence).toList(), length),
                part.size(), length * OneHotEncoder.WIDTH);
    }

    private static double[] targets(List<DataRecord> part) {
        return part.stream().mapToDouble(DataRecord::value).toArray();
    }
}
