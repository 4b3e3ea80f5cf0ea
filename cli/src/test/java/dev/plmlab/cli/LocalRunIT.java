package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.results.ResultRow;
import dev.plmlab.report.html.HeadlessChromium;
import dev.plmlab.report.html.ReportPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `plmlab run` end to end: a real KRaft broker, a real S3 endpoint and the five services from
 * their built jars, on the real FLIP GB1 splits.
 */
class LocalRunIT {

    private static final Map<String, Double> REFERENCE = Map.of("sampled", 0.789, "low_vs_high", 0.322, "two_vs_rest", 0.543);

    @TempDir
    Path work;

    private record Run(int exitCode, String console) {
    }

    private Run run(Path spec, Path out, Path state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new CommandLine(new RunCommand(console)).execute(spec.toString(), "--out", out.toString(),
                "--state", state.toString(), "--timeout", "10");
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        return new Run(code, text);
    }

    private final ByteArrayOutputStream commandOutput = new ByteArrayOutputStream();

    private PrintStream console() {
        commandOutput.reset();
        return new PrintStream(commandOutput, true, StandardCharsets.UTF_8);
    }

    private Run command(Object command, String... args) {
        int code = new CommandLine(command).execute(args);
        String text = commandOutput.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        return new Run(code, text);
    }

    /**
     * The real report in a real Chromium: no console errors, nothing loaded from anywhere, every plot drawn, and a
     * screenshot that is not blank (kept under cli/target). Skipped, loudly, where Chromium is not installed.
     */
    private static void browserCheck(Path html, String screenshot) throws IOException {
        if (HeadlessChromium.executable().isEmpty()) {
            System.err.println(HeadlessChromium.NOT_FOUND + " (" + html + ")");
            return;
        }
        ReportPage page = ReportPage.check(html.toAbsolutePath(), Path.of("target", screenshot).toAbsolutePath());
        System.out.println("report in chromium: " + page);
        assertEquals(List.of(), page.problems(), "console errors, uncaught exceptions or failed loads");
        assertEquals(List.of(html.toAbsolutePath().toUri().toString()), page.requests(), "the page loads nothing but itself");
        assertTrue(!page.plots().isEmpty(), "the heatmap at least is drawn");
        assertTrue(page.inkedShare() > 0.01, page.toString());
    }

    /** test Spearman per split, from results.csv */
    private static Map<String, Double> spearman(Path csv) throws IOException {
        Map<String, Double> bySplit = new HashMap<>();
        int metric = ResultRow.COLUMNS.indexOf("metric");
        int value = ResultRow.COLUMNS.indexOf("value");
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] f = line.split(",", ResultRow.COLUMNS.size());
            if (f[metric].equals("spearman")) {
                bySplit.put(f[2], Double.parseDouble(f[value]));
            }
        }
        return bySplit;
    }

    @Test
    void gb1OneHotRidgeMatchesTheReferenceAndASecondRunComputesNothing() throws IOException {
        Path spec = Path.of(System.getProperty("plmlab.repo.root", ".."), "examples", "gb1-onehot.yaml");
        Path state = work.resolve("state");

        Run first = run(spec, work.resolve("first"), state);
        assertEquals(0, first.exitCode(), first.console());
        Map<String, Double> rho = spearman(work.resolve("first/results.csv"));
        assertEquals(REFERENCE.keySet(), rho.keySet());
        REFERENCE.forEach((split, reference) -> assertEquals(reference, rho.get(split), 0.05,
                split + ": test Spearman " + rho.get(split) + " vs reference " + reference));
        assertTrue(Files.readString(work.resolve("first/report.md")).contains("| 0.789 |"));
        browserCheck(work.resolve("first/report.html"), "gb1-onehot-report.png");

        String experiment = first.console().replaceAll("(?s).*\\(experiment ([^)]+)\\).*", "$1");
        Run status = command(new StatusCommand(console()), "--state", state.toString());
        assertEquals(0, status.exitCode(), status.console());
        assertTrue(status.console().contains(experiment + "  gb1-onehot") && status.console().contains("reported")
                && status.console().contains("probes 3/3"), status.console());
        Run rendered = command(new ReportCommand(console()), experiment, "--out", work.resolve("again").toString(),
                "--state", state.toString());
        assertEquals(0, rendered.exitCode(), rendered.console());
        for (String file : List.of("results.csv", "report.md", "report.html")) {
            assertEquals(Files.readString(work.resolve("first").resolve(file)), Files.readString(work.resolve("again").resolve(file)),
                    file + " written again from the stored results is the same");
        }

        Run second = run(spec, work.resolve("second"), state);
        assertEquals(0, second.exitCode(), second.console());
        for (String stage : List.of("datasets", "embeddings", "probes")) {
            assertTrue(second.console().contains(stage + ": all 3 job(s) reused stored outputs; nothing was computed again"),
                    second.console());
        }
        assertEquals(Files.readString(work.resolve("first/results.csv")), Files.readString(work.resolve("second/results.csv")));
    }

    @Test
    void badDatasetsFailClearlyAndTheOtherTasksStillReport() throws IOException {
        Files.writeString(work.resolve("bad-residue.csv"),
                "sequence,target,set,validation\nMKTAYIAK,1.0,train,False\nMKTZYIAK,0.5,train,True\nMKT#YIAK,2.0,test,False\n");
        String tasks = """
                name: contained
                tasks:
                  - dataset: gb1
                    split: two_vs_rest
                  - name: bad-residue
                    file: bad-residue.csv
                    type: regression
                %s
                models: [{family: one-hot}]
                probes: [ridge]
                """;
        // a file that is not there is the client's to find: nothing starts, and the error names the spec field
        Path missing = work.resolve("missing.yaml");
        Files.writeString(missing, tasks.formatted("  - name: missing\n    file: no-such-file.csv\n    type: regression"));
        Run refused = run(missing, work.resolve("missing"), work.resolve("state-missing"));
        assertEquals(1, refused.exitCode(), refused.console());
        assertTrue(refused.console().contains("tasks[2].file: 'no-such-file.csv' does not exist"), refused.console());
        assertTrue(!refused.console().contains("starting Kafka"), "nothing was started: " + refused.console());

        // a file that is there but bad fails its task on the service; the other task still reports
        Path spec = work.resolve("contained.yaml");
        Files.writeString(spec, tasks.formatted(""));
        Run run = run(spec, work.resolve("contained"), work.resolve("state-contained"));
        assertEquals(RunCommand.PARTIAL, run.exitCode(), run.console());
        assertTrue(run.console().contains("bad-residue.csv:4: letter '#' at residue 4"), run.console());
        Map<String, Double> rho = spearman(work.resolve("contained/results.csv"));
        assertEquals(List.of("two_vs_rest"), List.copyOf(rho.keySet()), "the good task still has its result");
        String report = Files.readString(work.resolve("contained/report.md"));
        assertTrue(report.contains("## Failed jobs"), report);
        assertTrue(report.contains("bad-residue.csv:4"), report);
    }
}
