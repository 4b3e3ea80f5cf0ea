package dev.plmlab.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.results.ResultRow;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/gb1-onehot.yaml through the containers: Kafka, S3Proxy and the five service images,
 * submitted over Kafka by the CLI, run to its report; the results are those of a local run
 * (cli's LocalRunIT: the reference test Spearman per split, same tolerance). Every container runs as uid
 * 185 on a read-only root file system, each service's JVM with the image's flags.
 */
class Gb1OneHotContainersIT {

    private static final Map<String, Double> REFERENCE = Map.of("sampled", 0.789, "low_vs_high", 0.322, "two_vs_rest", 0.543);
    private static final Pattern REPORT_KEYS = Pattern.compile("report ready: s3 keys (\\S+), (\\S+) and (\\S+)");

    @Test
    void gb1OneHotRunsThroughTheServiceContainersToTheLocalRunsResults() {
        ContainerEngine engine = ContainerEngine.require();
        long started = System.nanoTime();
        Map<String, String> images = PlmlabImages.build(engine);
        Path logs = Path.of("target", "container-logs", "gb1-onehot").toAbsolutePath();
        long stackStarted = System.nanoTime();
        try (PlmlabStack stack = PlmlabStack.start(images, logs, (name, container) -> { })) {
            double startSeconds = (System.nanoTime() - stackStarted) / 1e9;
            Hardening.assertNonRootAndReadOnly(stack.all());
            Hardening.assertServiceJvmFlags(stack.services);

            Path spec = Repo.root().resolve("examples/gb1-onehot.yaml");
            Cli.Run submit = Cli.run(logs.resolve("submit.log"), Duration.ofMinutes(20), stack.clientEnv(),
                    "submit", spec.toString(), "--kafka", stack.kafkaBootstrap(), "--timeout", "15");
            assertEquals(0, submit.exitCode(), "plmlab submit: " + submit.output());
            Matcher keys = REPORT_KEYS.matcher(submit.output());
            assertTrue(keys.find(), "no 'report ready' line: " + submit.output());

            try (ObjectStore store = new ObjectStore(new S3Settings(stack.s3Endpoint(), stack.accessKey, stack.secretKey,
                    PlmlabStack.BUCKET, PlmlabStack.REGION))) {
                String csv = text(store, keys.group(1));
                Map<String, Double> rho = spearman(csv);
                assertEquals(REFERENCE.keySet(), rho.keySet(), csv);
                REFERENCE.forEach((split, reference) -> assertEquals(reference, rho.get(split), 0.05,
                        split + ": test Spearman " + rho.get(split) + " vs reference " + reference));
                String markdown = text(store, keys.group(2));
                assertTrue(markdown.contains("| 0.789 |"), markdown);
                assertTrue(text(store, keys.group(3)).contains("<html"), "report.html");
                System.out.printf("gb1-onehot in containers: images %.1f s, stack start %.1f s, submit to report %.1f s, "
                                + "test Spearman %s%n", (stackStarted - started) / 1e9, startSeconds,
                        submit.took().toMillis() / 1e3, rho);
            }
        }
    }

    private static String text(ObjectStore store, String key) {
        return new String(store.get(key).orElseThrow(() -> new AssertionError("no object " + key + " in S3")),
                StandardCharsets.UTF_8);
    }

    /** test Spearman per split, from results.csv, read as LocalRunIT reads it */
    private static Map<String, Double> spearman(String csv) {
        Map<String, Double> bySplit = new HashMap<>();
        int split = ResultRow.COLUMNS.indexOf("split");
        int metric = ResultRow.COLUMNS.indexOf("metric");
        int value = ResultRow.COLUMNS.indexOf("value");
        List<String> lines = csv.lines().toList();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", ResultRow.COLUMNS.size());
            if (f[metric].equals("spearman")) {
                bySplit.put(f[split], Double.parseDouble(f[value]));
            }
        }
        return bySplit;
    }
}
