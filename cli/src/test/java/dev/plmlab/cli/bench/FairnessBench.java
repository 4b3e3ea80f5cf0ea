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
 * Benchmark (not a test): 20 experiments submitted at once to one local stack, 4 large ones first (GB1
 * two_vs_rest, one-hot, ridge over {@code LARGE_SEEDS} probe seeds: that many probe jobs each) and then 16 small
 * ones (one probe job each). Each experiment's alphas differ slightly, so no probe job is shared or cached;
 * the dataset and one-hot features are shared, and stored after the first. Prints each experiment's latency
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
    private static final int LARGE_SEEDS = 60;

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        RepoLayout repo = RepoLayout.locate();
        Path work = Files.createTempDirectory("plmlab-fairness");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalStack stack = LocalStack.start(repo, work.resolve("state"), work,
                Map.of("plmlab.orchestrator.jobs-in-flight-per-experiment", Integer.toString(window)), System.out::println)) {
            ExperimentClient warm = new ExperimentClient(stack.kafkaBootstrapServers());
            warm.ensureTopics();
            // stores the dataset and the one-hot features, so the measured runs differ only in their probe jobs
            warm.submitAndFollow(spec("warm-up", 0.5, 1), Duration.ofMinutes(20), s -> { }, new ProgressView(quiet, false));

            List<String> names = new ArrayList<>();
            List<String> specs = new ArrayList<>();
            for (int i = 0; i < LARGE; i++) {
                names.add("large-" + i);
                specs.add(spec("large-" + i, 1.0 + i * 1e-3, LARGE_SEEDS));
            }
            for (int i = 0; i < SMALL; i++) {
                names.add("small-" + i);
                specs.add(spec("small-" + i, 2.0 + i * 1e-3, 1));
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
                        i < LARGE ? LARGE_SEEDS : 1, seconds.get(i));
            }
            List<Double> small = seconds.subList(LARGE, names.size()).stream().sorted().toList();
            List<Double> large = seconds.subList(0, LARGE).stream().sorted().toList();
            System.out.printf(Locale.ROOT, "small: median %.1f s, max %.1f s; large: median %.1f s, max %.1f s; makespan %.1f s%n",
                    small.get(small.size() / 2), small.get(small.size() - 1), large.get(large.size() / 2),
                    large.get(large.size() - 1), makespan);
        }
    }

    private static String spec(String name, double alpha, int seeds) {
        String seedList = IntStream.rangeClosed(1, seeds).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return """
                name: %s
                tasks:
                  - dataset: gb1
                    split: two_vs_rest
                models:
                  - family: one-hot
                probes:
                  - type: ridge
                    alphas: [%s]
                seeds: [%s]
                """.formatted(name, alpha, seedList);
    }
}
