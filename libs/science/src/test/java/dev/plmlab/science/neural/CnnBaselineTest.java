package dev.plmlab.science.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.science.metrics.Spearman;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CnnBaselineTest {
    /** Sequences of 12 residues whose target counts a motif, a task a conv + max-pool can learn. */
    private record Task(List<String> sequences, double[] targets) {
        static Task motifCounts(int n, long seed) {
            Random random = new Random(seed);
            List<String> sequences = new ArrayList<>();
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                StringBuilder s = new StringBuilder();
                for (int j = 0; j < 12; j++) {
                    s.append(OneHotSequences.AMINO_ACIDS.charAt(random.nextInt(random.nextBoolean() ? 4 : 20)));
                }
                sequences.add(s.toString());
                y[i] = s.chars().filter(c -> c == 'A' || c == 'C').count() + 0.1 * random.nextGaussian();
            }
            return new Task(sequences, y);
        }
    }

    private static final Task TRAIN = Task.motifCounts(400, 1);
    private static final Task VAL = Task.motifCounts(100, 2);
    private static final Task TEST = Task.motifCounts(200, 3);

    @Test
    void everyArchitectureLearnsAMotifCountAndClipsToTheTrainRange() {
        for (String architecture : List.of("maxpool", "linear-maxpool", "3-maxpool", "3-dilated")) {
            CnnSettings s = new CnnSettings(architecture, 6, 16, 0, 32, 1);
            CnnFit fit = CnnBaseline.fitRegressor(s, TRAIN.sequences, TRAIN.targets, VAL.sequences, VAL.targets, 5);
            double[] predicted = fit.predict(TEST.sequences);
            double rho = Spearman.rho(TEST.targets, predicted);
            assertTrue(rho > 0.3, architecture + " ρ " + rho);
            assertEquals(6, fit.epochsRun());
            assertEquals(6, fit.bestEpoch(), "without early stopping the last weights are kept");
            double low = java.util.Arrays.stream(TRAIN.targets).min().orElseThrow();
            double high = java.util.Arrays.stream(TRAIN.targets).max().orElseThrow();
            double[] extreme = fit.predict(List.of("AAAAAAAAAAAA", "CCCCCCCCCCCC", "WWWWWWWWWWWW"));
            for (double v : extreme) {
                assertTrue(v >= low && v <= high, architecture + ": " + v + " outside [" + low + ", " + high + "]");
            }
        }
    }

    @Test
    void seededAndEarlyStoppingKeepsTheBestValidationEpoch() {
        CnnSettings s = new CnnSettings("maxpool", 30, 32, 2, 16, 1);
        CnnFit a = CnnBaseline.fitRegressor(s, TRAIN.sequences, TRAIN.targets, VAL.sequences, VAL.targets, 9);
        CnnFit b = CnnBaseline.fitRegressor(s, TRAIN.sequences, TRAIN.targets, VAL.sequences, VAL.targets, 9);
        assertArrayEquals(a.predict(TEST.sequences), b.predict(TEST.sequences));
        assertTrue(a.bestEpoch() <= a.epochsRun());
        if (a.epochsRun() < 30) {
            assertEquals(a.bestEpoch() + 2, a.epochsRun(), "stops `patience` epochs after the best");
        }
    }

    @Test
    void anUnknownLetterNamesItsSequenceAndPosition() {
        List<String> bad = new ArrayList<>(TRAIN.sequences);
        bad.set(7, "ACDEFXGHIKLM");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CnnBaseline.fitRegressor(
                CnnSettings.recipe("maxpool"), bad, TRAIN.targets, VAL.sequences, VAL.targets, 1));
        assertTrue(e.getMessage().contains("train sequence 7, position 5: 'X'"), e.getMessage());
    }
}
