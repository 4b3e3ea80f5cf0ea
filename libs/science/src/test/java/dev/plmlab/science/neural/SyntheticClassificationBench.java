package dev.plmlab.science.neural;

import dev.plmlab.science.metrics.ClassProbabilities;
import dev.plmlab.science.probe.FeatureRows;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Java side of the linear-classifier cross-check (libs/science/bench/README.md): the reference
 * protocol on the task make_synthetic_classification.py wrote, 3 seeds. Not a unit test.
 *
 * <p>Arguments: DATA_DIR [keep=best|last] [threads=1] [lr=1e-4] [seeds=42,0,12345]
 */
public final class SyntheticClassificationBench {
    private SyntheticClassificationBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, String> options = new java.util.HashMap<>(Map.of("keep", "best", "threads", "1", "lr", "1e-4",
                "seeds", "42,0,12345"));
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                throw new IllegalArgumentException("expected keep=, threads=, lr= or seeds=, got " + args[i]);
            }
            options.put(kv[0], kv[1]);
        }
        String keep = options.get("keep");
        FeatureRows[] x = new FeatureRows[3];
        int[][] y = new int[3][];
        String[] parts = {"train", "val", "test"};
        for (int p = 0; p < 3; p++) {
            Npy features = Npy.read(dir.resolve(parts[p] + "_x.npy"));
            x[p] = FeatureRows.of(features.floats(), (int) features.shape[0], (int) features.shape[1]);
            y[p] = Npy.read(dir.resolve(parts[p] + "_y.npy")).ints();
        }
        int classes = Arrays.stream(y).flatMapToInt(Arrays::stream).max().orElseThrow() + 1;
        TrainingSettings s = TrainingSettings.fromParams("linear", Map.of("keep", keep,
                "threads", Integer.parseInt(options.get("threads")), "lr", Double.parseDouble(options.get("lr"))));
        long[] seeds = Arrays.stream(options.get("seeds").split(",")).mapToLong(Long::parseLong).toArray();
        double[] accuracies = new double[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            long start = System.nanoTime();
            ClassifierFit fit = NeuralHeads.fitClassifier(s, x[0], y[0], x[1], y[1], classes, seeds[i]);
            accuracies[i] = ClassProbabilities.accuracy(y[2], fit.probabilities(x[2]));
            System.out.printf("java seed %d: test accuracy %.4f (epochs %d, best epoch %d, %.1f s)%n", seeds[i],
                    accuracies[i], fit.epochsRun(), fit.bestEpoch(), (System.nanoTime() - start) / 1e9);
        }
        double mean = Arrays.stream(accuracies).average().orElseThrow();
        double var = Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum() / (accuracies.length - 1);
        System.out.printf("java keep=%s lr=%s: mean %.4f ± %.4f (sample std)%n", keep, options.get("lr"), mean, Math.sqrt(var));
    }
}
