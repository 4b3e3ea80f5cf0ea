package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.Progress;
import dev.plmlab.model.messages.ReportReady;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.plan.ExperimentStatus;
import dev.plmlab.model.results.TestPredictions;
import dev.plmlab.report.StoredReports;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.S3ProxyProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code plmlab status} and {@code plmlab report} against a deployment's object store: a real S3 endpoint holding
 * what the orchestrator and the reporter store there (status, outcomes, predictions, the report request).
 */
class DeploymentReportIT {

    private static final String ID = "exp-deployed";
    private static S3ProxyProcess s3;
    private static ObjectStore store;
    private static ReportReady written;

    @TempDir
    Path dir;

    @BeforeAll
    static void storeAFinishedExperiment() {
        s3 = S3ProxyProcess.startTemporary();
        s3.createBucket(LocalStack.BUCKET);
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), LocalStack.BUCKET, s3.region()));
        Random random = new Random(5);
        double[] truth = new double[120];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = random.nextGaussian();
        }
        List<String> keys = new ArrayList<>();
        int job = 0;
        for (String variant : List.of("pretrained", "random-init")) {
            for (int seed : variant.equals("pretrained") ? new int[] {0} : new int[] {42, 0, 12345}) {
                for (int layer = 0; layer <= 2; layer++) {
                    double noise = variant.equals("pretrained") ? 0.5 : 1.5;
                    double[] predicted = new double[truth.length];
                    for (int i = 0; i < truth.length; i++) {
                        predicted[i] = truth[i] + noise * random.nextGaussian();
                    }
                    String name = "probe-" + job++;
                    store.put(ObjectKeys.testPredictions(name), Messages.toJson(TestPredictions.regression(truth, predicted))
                            .getBytes(StandardCharsets.UTF_8), "application/json");
                    ProbeOutcome o = new ProbeOutcome("gb1", "low_vs_high", "esm2-t6_8M", "esm2", "t6_8M", variant, seed, 1.0,
                            layer, "ridge", 42, List.of(new MetricValue("spearman", noise == 0.5 ? 0.8 : 0.4, 0.3, 0.9)),
                            List.of(new MetricValue("spearman", 0.5 + layer * 0.1, Double.NaN, Double.NaN)), 100, 20, 120,
                            ObjectKeys.testPredictions(name), Map.of("alpha", 1.0));
                    store.put(ObjectKeys.result(name), Messages.toJson(o).getBytes(StandardCharsets.UTF_8), "application/json");
                    keys.add(ObjectKeys.result(name));
                }
            }
        }
        List<Progress> stages = List.of(new Progress(1, ID, "datasets", 1, 0, 0, 1, 1L),
                new Progress(1, ID, "embeddings", 4, 0, 0, 4, 1L), new Progress(1, ID, "probes", 12, 0, 0, 12, 1L));
        store.put(ObjectKeys.experimentStatus(ID), Messages.toJson(new ExperimentStatus(1, ID, "deployed", 1L, 2L, stages, true))
                .getBytes(StandardCharsets.UTF_8), "application/json");
        written = StoredReports.write(store, new ReportRequest(1, ID, "deployed", keys, List.of()));
    }

    @AfterAll
    static void stop() {
        store.close();
        s3.close();
    }

    private record Run(int code, String console) {
    }

    private Run run(boolean report, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--s3-endpoint", s3.endpoint(), "--s3-access-key", s3.accessKey(), "--s3-secret-key", s3.secretKey()));
        int code = new CommandLine(report ? new ReportCommand(console) : new StatusCommand(console)).execute(all.toArray(String[]::new));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void statusListsTheExperimentAndItsStages() {
        Run all = run(false);
        assertEquals(0, all.code(), all.console());
        assertTrue(all.console().contains(ID + "  deployed") && all.console().contains("reported")
                && all.console().contains("probes 12/12"), all.console());
        Run one = run(false, ID);
        assertEquals(0, one.code(), one.console());
        assertTrue(one.console().contains("embeddings: 4 of 4 done (0 reused), 0 failed"), one.console());
        Run missing = run(false, "exp-nope");
        assertEquals(1, missing.code());
        assertTrue(missing.console().contains("no experiment exp-nope"), missing.console());
    }

    @Test
    void reportRendersTheSameFilesAgainFromStoredResults() throws Exception {
        Run again = run(true, ID, "--out", dir.toString());
        assertEquals(0, again.code(), again.console());
        assertEquals(new String(store.get(written.resultsCsvKey()).orElseThrow(), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("results.csv")));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## Task clusters") && md.contains("random-init"), md);
        assertTrue(Files.readString(dir.resolve("statistics.csv")).lines().count() == 4, "3 layers x 1 ablation + header");
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"));

        Run unknown = run(true, "exp-unknown", "--out", dir.resolve("x").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.console().contains("experiment exp-unknown has no stored report request"), unknown.console());
    }

    @Test
    void anUnreachableStoreIsSaidToBeSoWithinSecondsWithoutATrace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long started = System.nanoTime();
        // port 9 (discard) has no S3 endpoint: the client's short retry bound, then one line
        int code = new CommandLine(new StatusCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .execute("--s3-endpoint", "http://127.0.0.1:9", "--s3-access-key", "a", "--s3-secret-key", "b");
        double seconds = (System.nanoTime() - started) / 1e9;
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, out);
        assertTrue(out.startsWith("cannot read the object store: list s3://plmlab/experiments/") && !out.contains("\tat "), out);
        assertTrue(seconds < StoreAccess.CLIENT_RETRY.maxElapsed().toSeconds() + 5, seconds + " s");
    }

    @Test
    void withoutAnEndpointAnEmptyStateFolderIsSaidToHoldNoRuns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new CommandLine(new StatusCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .execute("--state", dir.resolve("empty").toString());
        assertEquals(1, code);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("no local runs in"), bytes.toString(StandardCharsets.UTF_8));
    }
}
