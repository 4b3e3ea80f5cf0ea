package dev.plmlab.cli.bench;

import dev.plmlab.cli.RepoLayout;
import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Benchmark (not a test): 20 experiments submitted at once to one local stack, 4 large ones first and then 16
 * small ones, on one regression CSV of {@code SEQUENCES} sequences (one-hot features): a large experiment has
 * {@code LARGE_PROBES} ridge probes (that many probe jobs), a small one a single probe. Every probe's alphas
 * differ, so no probe job is shared or cached; the dataset and the one-hot features are shared, and stored by a
 * warm-up run first. Prints each experiment's latency
 * (submitted to report ready) and the makespan, for one orchestrator setting of
 * {@code plmlab.orchestrator.jobs-in-flight-per-experiment}.
 *
 * <pre>./mvnw -B -q -pl cli test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp "cli/target/classes:cli/target/test-classes:$(cat cli/target/test-classpath.txt)" \
 *     dev.plmlab.cli.bench.FairnessBench 16     # then 0: no window, every job sent at once</pre>
 */
public final class FairnessBench {

    private static final int LARGE = 4;
    private static final int SMALL = 16;
    private static final int LARGE_PROBES = 12;
    private static final int SEQUENCES = 2000;

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        RepoLayout repo = RepoLayout.locate();
        Path work = Files.createTempDirectory("plmlab-fairness");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        writeCsv(work.resolve("fitness.csv"));
        try (LocalStack stack = LocalStack.start(repo, work.resolve("state"), work,
                Map.of("plmlab.orchestrator.jobs-in-flight-per-experiment", Integer.toString(window)), System.out::println)) {
            ExperimentClient warm = new ExperimentClient(stack.kafkaBootstrapServers());
            warm.ensureTopics();
            // stores the dataset and the one-hot features, so the measured runs differ only in their probe jobs
            warm.submitAndFollow(stack.uploadSpecFiles(spec("warm-up", 0.5, 1), work, s -> { }), Duration.ofMinutes(20), s -> { }, new ProgressView(quiet, false));

            List<String> names = new ArrayList<>();
            List<String> specs = new ArrayList<>();
            for (int i = 0; i < LARGE; i++) {
                names.add("large-" + i);
                specs.add(stack.uploadSpecFiles(spec("large-" + i, 1.0 + i * 0.1, LARGE_PROBES), work, s -> { }));
            }
            for (int i = 0; i < SMALL; i++) {
                names.add("small-" + i);
                specs.add(stack.uploadSpecFiles(spec("small-" + i, 100.0 + i, 1), work, s -> { }));
            }
            ExecutorService pool = Executors.newFixedThreadPool(names.size());
            long start = System.nanoTime();
            List<Future<Double>> latencies = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String text = specs.get(i);
                latencies.add(pool.submit(() -> {
                    long submitted = System.nanoTime();
                    ExperimentClient.Outcome outcome = new ExperimentClient(stack.kafkaBootstrapServers())
                            .submitAndFollow(text, Duration.ofMinutes(60), s -> { }, new ProgressView(quiet, false));
                    if (outcome.report() == null || !outcome.failures().isEmpty()) {
                        throw new IllegalStateException("experiment did not finish cleanly: " + outcome.failures());
                    }
                    return (System.nanoTime() - submitted) / 1e9;
                }));
                if (i == LARGE - 1) {
                    Thread.sleep(1000); // the large ones are on the topics first
                }
            }
            List<Double> seconds = new ArrayList<>();
            for (Future<Double> latency : latencies) {
                seconds.add(latency.get());
            }
            double makespan = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf(Locale.ROOT, "window %d (jobs in flight per experiment and stage; 0 = no limit)%n", window);
            for (int i = 0; i < names.size(); i++) {
                System.out.printf(Locale.ROOT, "  %-8s %3d probe job(s)  latency %7.1f s%n", names.get(i),
                        i < LARGE ? LARGE_PROBES : 1, seconds.get(i));
            }
            List<Double> small = seconds.subList(LARGE, names.size()).stream().sorted().toList();
            List<Double> large = seconds.subList(0, LARGE).stream().sorted().toList();
            System.out.printf(Locale.ROOT, "small: median %.1f s, max %.1f s; large: median %.1f s, max %.1f s; makespan %.1f s%n",
                    small.get(small.size() / 2), small.get(small.size() - 1), large.get(large.size() / 2),
                    large.get(large.size() - 1), makespan);
        }
    }

    /** {@code probes} ridge probes, the k-th with the single alpha {@code alpha + k / 1000}. */
    private static String spec(String name, double alpha, int probes) {
        String list = IntStream.range(0, probes).mapToObj(k -> "  - type: ridge\n    alphas: [" + (alpha + k / 1000.0) + "]")
                .collect(Collectors.joining("\n"));
        return """
                name: %s
                tasks:
                  - name: fitness
                    file: fitness.csv
                    type: regression
                models:
                  - family: one-hot
                probes:
                %s
                seeds: [42]
                """.formatted(name, list);
    }

    /** {@code SEQUENCES} random 56-residue sequences, a target that a linear model of one-hot features can partly learn. */
    private static void writeCsv(Path file) throws java.io.IOException {
        java.util.Random random = new java.util.Random(7);
        String letters = "ACDEFGHIKLMNPQRSTVWY";
        StringBuilder csv = new StringBuilder("sequence,target,set,validation\n");
        for (int i = 0; i < SEQUENCES; i++) {
            StringBuilder seq = new StringBuilder();
            double target = 0;
            for (int p = 0; p < 56; p++) {
                char c = letters.charAt(random.nextInt(letters.length()));
                seq.append(c);
                target += (c == 'W' ? 1 : 0) + (p < 10 && c == 'A' ? 0.5 : 0);
            }
            target += random.nextGaussian();
            String set = i < SEQUENCES * 3 / 4 ? "train" : "test";
            boolean validation = i >= SEQUENCES * 5 / 8 && i < SEQUENCES * 3 / 4;
            csv.append(seq).append(',').append(String.format(Locale.ROOT, "%.4f", target)).append(',').append(set).append(',')
                    .append(validation ? "True" : "False").append('\n');
        }
        Files.writeString(file, csv);
    }
}
