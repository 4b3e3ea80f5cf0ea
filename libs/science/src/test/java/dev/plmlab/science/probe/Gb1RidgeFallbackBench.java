package dev.plmlab.science.probe;

import dev.plmlab.science.metrics.Spearman;
import dev.plmlab.science.onehot.OneHotEncoder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * GB1 one-hot ridge on one split, printing the alpha rule (one_vs_rest is the split whose
 * validation Spearman is undefined for every alpha). Not a unit test.
 * Arguments: SPLITS_ZIP [split=one_vs_rest]
 */
public final class Gb1RidgeFallbackBench {
    private Gb1RidgeFallbackBench() {
    }

    public static void main(String[] args) throws Exception {
        String split = args.length > 1 ? args[1] : "one_vs_rest";
        List<List<String>> seqs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> ys = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (ZipFile z = new ZipFile(Path.of(args[0]).toFile());
             BufferedReader r = new BufferedReader(new InputStreamReader(
                     z.getInputStream(z.getEntry("splits/" + split + ".csv")), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                int part = f[2].equals("test") ? 2 : f[3].trim().equals("True") ? 1 : 0;
                seqs.get(part).add(f[0].substring(0, 56));
                ys.get(part).add(Double.parseDouble(f[1]));
            }
        }
        FeatureMatrix[] x = new FeatureMatrix[3];
        double[][] y = new double[3][];
        for (int p = 0; p < 3; p++) {
            x[p] = new FeatureMatrix(OneHotEncoder.encodeFlat(seqs.get(p), 56), seqs.get(p).size(), 56 * OneHotEncoder.WIDTH);
            y[p] = ys.get(p).stream().mapToDouble(Double::doubleValue).toArray();
        }
        RidgeFit fit = new RidgeProbe().fit(x[0], y[0], x[1], y[1]);
        System.out.printf("%s: train %d, val %d, test %d; alpha %g by \"%s\"; test Spearman %.4f%n", split,
                y[0].length, y[1].length, y[2].length, fit.chosenAlpha(), fit.alphaRule(),
                Spearman.rho(y[2], fit.model().predict(x[2])));
        fit.validationScores().forEach(s -> System.out.printf("  alpha %g: val rho %s, val MSE %.4f%n",
                s.alpha(), s.validationSpearman(), s.validationMse()));
    }
}
