package dev.plmlab.cli;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecReader;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.cli.upload.SpecUploads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs an experiment in local mode: the real broker, the real S3 endpoint and the services,
 * on this machine, through the same code paths as a cluster.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment locally (Kafka, S3 and the services on this machine); writes results.csv, report.md and report.html.")
public final class RunCommand implements Callable<Integer> {

    /** Exit code when the report came out but some jobs failed. */
    public static final int PARTIAL = 2;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the experiment spec (YAML)")
    Path spec;

    @Option(names = "--out", paramLabel = "DIR", description = "where results.csv, report.md and report.html go (default: out/<experiment name>)")
    Path out;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = ".plmlab",
            description = "folder for the broker, the object store, caches and logs; reused by later runs (default: ${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--triton-url", paramLabel = "URL",
            description = "a Triton (KServe v2) server for specs with compute.backend: triton, e.g. http://localhost:8000")
    String tritonUrl;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "120", description = "give up after this long (default: ${DEFAULT-VALUE})")
    long timeoutMinutes;

    private final PrintStream console;

    public RunCommand() {
        this(System.out);
    }

    public RunCommand(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        String text;
        ExperimentSpec parsed;
        try {
            text = SpecReader.readText(spec);
            parsed = SpecReader.parse(text);
        } catch (InvalidSpecException e) {
            console.println(spec + ": " + e.errors().size() + " error(s)");
            e.errors().forEach(error -> console.println("  " + error));
            return 1;
        }
        Path outDir = out != null ? out : Path.of("out", parsed.name());
        Path specDir = spec.toAbsolutePath().getParent();
        try {
            SpecUploads.of(text, specDir); // a missing file fails here, before anything starts
        } catch (IOException e) {
            console.println(spec + ": " + e.getMessage());
            return 1;
        }
        Map<String, String> embedderConfig = new java.util.LinkedHashMap<>();
        // the embedder clears its scratch folder at start: each local stack gets its own, so that two runs
        // with different state folders on one machine cannot delete each other's slices
        embedderConfig.put("plmlab.embedder.work-dir", state.toAbsolutePath().resolve("embedder-work").toString());
        if (tritonUrl != null) {
            embedderConfig.put("plmlab.embedder.triton-url", tritonUrl);
        }
        try (LocalStack stack = LocalStack.start(RepoLayout.locate(), state.toAbsolutePath(), specDir, embedderConfig,
                console::println)) {
            Map<String, String> config = stack.config();
            // the services read the spec's own files from the store, as in a deployment, never from this disk
            String sent = stack.uploadSpecFiles(text, specDir, console::println);
            ExperimentClient client = new ExperimentClient(stack.kafkaBootstrapServers());
            client.ensureTopics();
            ProgressView progress = new ProgressView(console, System.console() != null && console == System.out);
            ExperimentClient.Outcome outcome = client.submitAndFollow(sent, Duration.ofMinutes(timeoutMinutes),
                    console::println, progress);
            if (outcome.rejected()) {
                console.println("rejected:");
                outcome.rejections().get(0).errors().forEach(e -> console.println("  " + e));
                return 1;
            }
            summariseReuse(progress);
            try (ObjectStore store = localStore(config)) {
                Files.createDirectories(outDir);
                store.download(outcome.report().resultsCsvKey(), outDir.resolve("results.csv"));
                store.download(outcome.report().reportMarkdownKey(), outDir.resolve("report.md"));
                store.download(outcome.report().reportHtmlKey(), outDir.resolve("report.html"));
                store.download(ObjectKeys.statisticsCsv(outcome.report().experimentId()), outDir.resolve("statistics.csv"));
            }
            console.println();
            console.print(ResultsTable.render(Files.readString(outDir.resolve("results.csv"), StandardCharsets.UTF_8)));
            console.println();
            for (JobFailed f : outcome.failures()) {
                console.println("FAILED " + f.stage() + " job for task " + f.taskName() + ": " + f.message());
            }
            console.println("wrote " + outDir.resolve("results.csv") + ", " + outDir.resolve("report.md") + " and "
                    + outDir.resolve("report.html") + " (experiment " + outcome.report().experimentId() + ")");
            return outcome.failures().isEmpty() ? 0 : PARTIAL;
        }
    }

    private static ObjectStore localStore(Map<String, String> config) {
        return new ObjectStore(new S3Settings(config.get("plmlab.s3.endpoint"), config.get("plmlab.s3.access-key"),
                config.get("plmlab.s3.secret-key"), LocalStack.BUCKET, config.get("plmlab.s3.region")));
    }

    private void summariseReuse(ProgressView progress) {
        progress.latest().forEach((stage, p) -> {
            if (p.total() > 0 && p.cached() == p.done() && p.failed() == 0) {
                console.println(stage + ": all " + p.done() + " job(s) reused stored outputs; nothing was computed again");
            }
        });
    }
}
