package dev.plmlab.science.neural;

import dev.plmlab.science.metrics.Spearman;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * Java side of the GB1 CNN cross-check (libs/science/bench/README.md): reads FLIP's gb1
 * splits.zip itself (first 56 residues; train = set train and validation not True) so that it
 * depends on nothing but the CNN. Not a unit test.
 *
 * <p>Arguments: SPLITS_ZIP split=sampled architecture=maxpool [epochs=N] [seeds=42,0,12345] [threads=1] [filters=1024]
 */
public final class Gb1CnnBench {
    private Gb1CnnBench() {
    }

    private record Part(List<String> sequences, List<Double> targets) {
        double[] y() {
            return targets.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("split", "sampled", "architecture", "maxpool",
                "seeds", "42,0,12345", "threads", "1", "filters", "1024"));
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            o.put(kv[0], kv[1]);
        }
        Map<String, Part> parts = read(Path.of(args[0]), o.get("split"));
        Map<String, Object> params = new HashMap<>(Map.of("architecture", o.get("architecture"),
                "threads", Integer.parseInt(o.get("threads")), "filters", Integer.parseInt(o.get("filters"))));
        if (o.containsKey("epochs")) {
            params.put("epochs", Integer.parseInt(o.get("epochs")));
        }
        CnnSettings s = CnnSettings.fromParams(params);
        long[] seeds = Arrays.stream(o.get("seeds").split(",")).mapToLong(Long::parseLong).toArray();
        double[] rhos = new double[seeds.length];
        Part train = parts.get("train");
        Part val = parts.get("val");
        Part test = parts.get("test");
        for (int i = 0; i < seeds.length; i++) {
            long start = System.nanoTime();
            CnnFit fit = CnnBaseline.fitRegressor(s, train.sequences, train.y(), val.sequences, val.y(), seeds[i]);
            rhos[i] = Spearman.rho(test.y(), fit.predict(test.sequences));
            System.out.printf("java %s %s epochs %d seed %d: test spearman %.4f (%.0f s)%n", o.get("split"),
                    s.architecture(), s.epochs(), seeds[i], rhos[i], (System.nanoTime() - start) / 1e9);
        }
        double mean = Arrays.stream(rhos).average().orElseThrow();
        double var = Arrays.stream(rhos).map(r -> (r - mean) * (r - mean)).sum() / Math.max(1, rhos.length - 1);
        System.out.printf("java %s %s epochs %d: mean %.4f ± %.4f (sample std)%n", o.get("split"), s.architecture(),
                s.epochs(), mean, Math.sqrt(var));
    }

    private static Map<String, Part> read(Path zip, String split) throws Exception {
        Map<String, Part> parts = new HashMap<>();
        for (String p : List.of("train", "val", "test")) {
            parts.put(p, new Part(new ArrayList<>(), new ArrayList<>()));
        }
        try (ZipFile z = new ZipFile(zip.toFile());
             BufferedReader r = new BufferedReader(new InputStreamReader(
                     z.getInputStream(z.getEntry("splits/" + split + ".csv")), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (!header.trim().equals("sequence,target,set,validation")) {
                throw new IllegalStateException("unexpected header " + header);
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                boolean validation = f[3].trim().equals("True");
                String part = f[2].equals("test") ? "test" : validation ? "val" : "train";
                parts.get(part).sequences.add(f[0].substring(0, Math.min(56, f[0].length())));
                parts.get(part).targets.add(Double.parseDouble(f[1]));
            }
        }
        return parts;
    }
}
