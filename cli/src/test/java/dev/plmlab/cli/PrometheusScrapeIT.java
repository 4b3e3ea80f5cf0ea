package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.cli.ObservabilityFiles.PanelQuery;
import dev.plmlab.cli.ObservabilityFiles.Rule;
import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.testkit.KServeServer;
import dev.plmlab.testkit.KServeServerOptions;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.ModelControlMode;
import dev.plmlab.testkit.ModelRepository;
import dev.plmlab.testkit.S3ModelRepository;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules of observability/ on a real Prometheus (Debian's {@code prometheus}) that
 * scrapes the five services of a local-mode stack every second, with the rule file loaded. The stack runs
 * experiments that make every plmlab metric family exist: a one-hot and a golden tiny ESM-2 model (ONNX Runtime
 * in the embedder, so the {@code plmlab_inference_*} meters) on a small own dataset, the ESM-2 once more through
 * the Triton backend against the testkit's KServe v2 server in explicit model-control mode (model loads and
 * unloads; its first answers are 503, so inference retries), a task whose file holds a letter that is not an amino acid
 * (a failed job), the same experiment twice more (embedding cache hits), rejected specs, and records on a job
 * topic that are not JSON (dead-lettered) or of a newer message version (parked). Then, over the HTTP API: every
 * target is up; every panel query evaluates and returns a series with a finite value (a stat panel: above 0);
 * every rule is loaded and evaluated with health "ok", and its expression, or the parts named in
 * {@link #CHECKED}, return series, and the alerts are in the {@link #EXPECTED_STATE} the run's events put them in;
 * the outstanding-jobs gauge rose during the runs and is 0 after them.
 * The rules and queries that need series this run cannot have (Triton's, handler errors) are named with why in
 * {@link #NO_SERIES_HERE} and {@link #needsTriton}, and only evaluated. observability/README.md holds the same table.
 * Skipped, loudly, where prometheus is not installed.
 */
class PrometheusScrapeIT {

    private static final Path GOLDEN_ESM2 = Path.of(System.getProperty("plmlab.repo.root", ".."),
            "libs/forge/src/test/resources/golden/esm2/esm2_t3_64_tiny.pt").toAbsolutePath();
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    /** Between two occurrences of an event: two scrapes. */
    private static final Duration SCRAPES_APART = Duration.ofSeconds(2);
    private static final Pattern RULES_FOUND = Pattern.compile("SUCCESS: (\\d+) rules found");

    private static final String FAILURE_RATIO = "sum by (stage) (rate(plmlab_jobs_total{outcome=\"failed\"}[15m]))"
            + " / sum by (stage) (rate(plmlab_jobs_total[15m]))";
    /**
     * The parts of an alert's expression that must return series here: its left-hand side before the threshold,
     * as the condition is false in a healthy run. Each must be part of the rule's expression (whitespace aside). A
     * rule named neither here nor in {@link #NO_SERIES_HERE} must return series as a whole.
     */
    static final Map<String, List<String>> CHECKED = Map.of(
            "PlmlabServiceDown", List.of("up{app_kubernetes_io_part_of=\"plmlab\", app_kubernetes_io_component!=\"triton\"}"),
            "PlmlabJobFailureRatioHigh", List.of(FAILURE_RATIO),
            "PlmlabStageFailingCompletely", List.of(FAILURE_RATIO),
            "PlmlabNoProgress", List.of("sum(plmlab_orchestrator_outstanding_jobs)", "sum(increase(plmlab_jobs_total[30m]))"),
            "PlmlabBadMessages", List.of("sum by (topic) (increase(plmlab_bad_messages_total[10m]))"),
            "PlmlabDeadLetters", List.of("sum by (topic) (increase(plmlab_dead_letters_total[10m]))"),
            "PlmlabMessagesParked", List.of("sum by (topic) (increase(plmlab_parked_total[30m]))"));
    /**
     * The state each alert must be in after this run: the events it had fire the alerts without a {@code for}, and
     * put those with one in pending; the healthy rest stay inactive.
     */
    static final Map<String, String> EXPECTED_STATE = Map.of(
            "PlmlabServiceDown", "inactive",
            "PlmlabJobFailureRatioHigh", "pending",
            "PlmlabStageFailingCompletely", "inactive",
            "PlmlabNoProgress", "inactive",
            "PlmlabBadMessages", "firing",
            "PlmlabDeadLetters", "firing",
            "PlmlabMessagesParked", "pending");
    private static final String NO_TRITON = "no Triton runs in a local stack: its nv_* metrics and its target do not exist here";
    /** Rules evaluated (loaded, health ok) but whose series cannot exist in this run, with why. */
    static final Map<String, String> NO_SERIES_HERE = Map.of(
            "PlmlabOrchestratorHandlerErrors", "plmlab_handler_errors_total exists once a handler fails on an infrastructure"
                    + " error (a broker that does not confirm a send); bad input is dead-lettered or failed instead",
            "PlmlabTritonDown", NO_TRITON,
            "PlmlabTritonInferenceFailures", NO_TRITON,
            "PlmlabTritonQueueTimeHigh", NO_TRITON);

    private static final Pattern TRITON_METRIC = Pattern.compile("\\bnv_[a-z_]+");

    @TempDir
    Path work;

    /** A panel query on Triton's metrics only. */
    static boolean needsTriton(String expr) {
        return TRITON_METRIC.matcher(expr).find() && !expr.contains("plmlab_");
    }

    @Test
    void everyPanelAndRuleEvaluatesOnARealPrometheusScrapingALocalRun() throws Exception {
        var prometheus = PrometheusServer.tool("prometheus");
        var promtool = PrometheusServer.tool("promtool");
        if (prometheus.isEmpty() || promtool.isEmpty()) {
            System.err.println(PrometheusServer.NOT_FOUND);
            Assumptions.abort(PrometheusServer.NOT_FOUND);
        }
        List<Rule> rules = ObservabilityFiles.rules();
        List<PanelQuery> panels = ObservabilityFiles.panelQueries();
        Set<String> ruleNames = new TreeSet<>();
        rules.forEach(r -> ruleNames.add(r.name()));
        assertEquals(rules.size(), ruleNames.size(), "rule names are unique");
        Set<String> listed = new TreeSet<>(CHECKED.keySet());
        listed.addAll(NO_SERIES_HERE.keySet());
        listed.addAll(EXPECTED_STATE.keySet());
        assertTrue(ruleNames.containsAll(listed), "CHECKED, NO_SERIES_HERE or EXPECTED_STATE name rules that are gone: "
                + listed + " vs " + ruleNames);

        PrometheusServer.Result checkRules = PrometheusServer.run(TOOL_TIMEOUT, promtool.get().toString(), "check", "rules",
                ObservabilityFiles.RULES.toString());
        System.out.println(checkRules.output());
        assertEquals(0, checkRules.exitCode(), "promtool check rules:\n" + checkRules.output());
        Matcher found = RULES_FOUND.matcher(checkRules.output());
        assertTrue(found.find(), checkRules.output());
        assertEquals(rules.size(), Integer.parseInt(found.group(1)), "promtool counts the rules the file holds");

        Path dataset = writeDataset(work.resolve("small.csv"), 12);
        // other sequences for the Triton run: features are content-identified, the same ones would be reused
        writeDataset(work.resolve("small-triton.csv"), 13);
        // a letter that is not an amino acid: the dataset job of this task fails
        Files.writeString(work.resolve("bad-residue.csv"),
                "sequence,target,set,validation\nMKTAYIAK,1.0,train,False\nMKTZYIAK,0.5,train,True\nMKT#YIAK,2.0,test,False\n");
        // the KServe v2 stand-in for Triton comes up on this port once the stack's S3 endpoint (its repository) runs
        int kservePort = PrometheusServer.freePort();
        Map<String, String> config = Map.of("plmlab.embedder.model-cache", work.resolve("models").toString(),
                "plmlab.embedder.work-dir", work.resolve("embedder-work").toString(),
                "plmlab.embedder.triton-url", "http://127.0.0.1:" + kservePort,
                "plmlab.embedder.triton.unload-idle", "PT2S");
        try (LocalStack stack = LocalStack.start(RepoLayout.locate(), work.resolve("state"), work, config, System.out::println);
             KServeServer kserve = startKServe(stack, kservePort)) {
            Path prometheusConfig = writeConfig(work.resolve("prometheus.yml"), stack);
            PrometheusServer.Result checkConfig = PrometheusServer.run(TOOL_TIMEOUT, promtool.get().toString(), "check",
                    "config", prometheusConfig.toString());
            System.out.println(checkConfig.output());
            assertEquals(0, checkConfig.exitCode(), "promtool check config:\n" + checkConfig.output());

            Instant started = Instant.now();
            try (PrometheusServer server = PrometheusServer.start(prometheus.get(), prometheusConfig,
                    PrometheusServer.freePort(), work.resolve("prometheus"))) {
                System.out.println("prometheus at " + server.baseUri() + " scrapes " + LocalStack.SERVICES);
                awaitTargetsUp(server, Instant.now());

                exercise(stack, kserve, work, dataset.getFileName().toString());
                Instant ended = Instant.now();
                // every target scraped, and every rule evaluated, after the last job
                awaitTargetsUp(server, ended.plusSeconds(1));
                awaitRulesEvaluated(server, ended.plusSeconds(1), rules.size());

                Instant at = Instant.now();
                String window = Math.max(60, Duration.between(started, at).toSeconds() + 5) + "s";
                List<String> report = new ArrayList<>();
                List<String> panelProblems = checkPanels(server, panels, window, at, report);
                List<String> ruleProblems = checkRules(server, rules, at, report);
                System.out.println("checked on " + server.baseUri() + " at " + at + " (panel windows " + window + "):\n"
                        + String.join("\n", report));
                assertEquals(List.of(), panelProblems, "dashboard queries that fail or show nothing");
                assertEquals(List.of(), ruleProblems, "rules that failed to evaluate or return nothing");
                outstandingGaugeFollowedTheRun(server, Duration.between(started, at), at);
            }
        }
    }

    /**
     * Three runs of the experiment (the second and third reuse every stored output), twice a rejected spec and two
     * records that are not jobs, then the ESM-2 on other sequences through the Triton backend, until its model is
     * unloaded. Each event comes twice, seconds apart: a counter appears on its first
     * increment, and Prometheus counts increments only from the first sample it saw, so one event alone would
     * show as a series at 0.
     */
    private static void exercise(LocalStack stack, KServeServer kserve, Path specDir, String dataset) throws Exception {
        // the services read the store only: the dataset files and the checkpoint go there first, as plmlab run does
        String spec = stack.uploadSpecFiles(spec(dataset), specDir, System.out::println);
        ExperimentClient client = new ExperimentClient(stack.kafkaBootstrapServers());
        client.ensureTopics();
        ExperimentClient.Outcome first = follow(client, spec);
        assertNotNull(first.report(), "the first run reported");
        assertEquals(List.of("bad-residue"), first.failures().stream().map(JobFailed::taskName).distinct().toList(),
                "only the task with the bad residue failed: " + first.failures());
        for (int round = 0; round < 2; round++) {
            try (KafkaTopicClient kafka = new KafkaTopicClient(stack.kafkaBootstrapServers())) {
                kafka.send(Topics.DATASETS_PREPARE, "not-json", "{oops, not a job");
                kafka.send(Topics.DATASETS_PREPARE, "newer", "{\"version\":" + (Messages.VERSION + 1)
                        + ",\"jobId\":\"dataset-newer-" + round + "\",\"experimentId\":\"exp-newer\"}");
            }
            ExperimentClient.Outcome rejected = follow(client, "name: rejected-" + round
                    + "\ntasks: []\nmodels: [{family: one-hot}]\nprobes: [ridge]\n");
            assertTrue(rejected.rejected(), "the spec without tasks is rejected");
            ExperimentClient.Outcome again = follow(client, spec);
            assertNotNull(again.report(), "run " + (round + 2) + " reported");
            Thread.sleep(SCRAPES_APART.toMillis());
        }

        ExperimentClient.Outcome triton = follow(client, stack.uploadSpecFiles(tritonSpec("small-triton.csv"), specDir,
                System.out::println));
        assertNotNull(triton.report(), "the triton-backend run reported");
        assertEquals(List.of(), triton.failures(), "the triton-backend run had no failed job");
        assertTrue(kserve.inferRequests() > 0 && kserve.loads() >= 1, "the embedder loaded its model on the KServe server"
                + " and sent it batches: " + kserve.loads() + " load(s), " + kserve.inferRequests() + " request(s)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (kserve.unloads() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(kserve.unloads() >= 1, "the idle model was unloaded within 60 s");
        Thread.sleep(SCRAPES_APART.toMillis());
    }

    /**
     * The testkit's KServe v2 server in Triton's explicit model-control mode over the repository the embedder
     * publishes to (the stack's bucket, {@code triton-models/}). It answers its first infer requests 503, as a
     * Triton that is still starting does, so the embedder's retries are counted.
     */
    private static KServeServer startKServe(LocalStack stack, int port) {
        Map<String, String> s3 = stack.config();
        return KServeServer.start(ModelRepository.s3(new S3ModelRepository.Location(s3.get("plmlab.s3.endpoint"),
                        s3.get("plmlab.s3.region"), LocalStack.BUCKET, "triton-models", s3.get("plmlab.s3.access-key"),
                        s3.get("plmlab.s3.secret-key"))), ModelControlMode.EXPLICIT,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), KServeServerOptions.defaults().withUnavailableInfers(2));
    }

    private static ExperimentClient.Outcome follow(ExperimentClient client, String spec) {
        return client.submitAndFollow(spec, Duration.ofMinutes(10), System.out::println,
                new ProgressView(new PrintStream(System.out), false));
    }

    private static List<String> checkPanels(PrometheusServer server, List<PanelQuery> panels, String window, Instant at,
                                            List<String> report) throws Exception {
        List<String> problems = new ArrayList<>();
        for (PanelQuery panel : panels) {
            String expr = substitute(panel.expr(), window);
            JsonNode series;
            try {
                series = server.query(expr, at);
            } catch (PrometheusServer.PromQlError e) {
                problems.add(panel + ": " + e.getMessage());
                continue;
            }
            if (needsTriton(panel.expr())) {
                report.add("evaluated, no series needed (" + NO_TRITON + "): " + panel + " -> " + series.size() + " series");
                continue;
            }
            long finite = 0;
            for (JsonNode s : series) {
                if (Double.isFinite(Double.parseDouble(s.path("value").path(1).asText()))) {
                    finite++;
                }
            }
            if (finite == 0) {
                problems.add(panel + ": " + series.size() + " series, none with a finite value: " + expr + " -> " + series);
            } else if (panel.type().equals("stat") && !(Double.parseDouble(series.get(0).path("value").path(1).asText()) > 0)) {
                // each stat counts an event this run has twice
                problems.add(panel + ": the stat shows " + brief(series.get(0)) + ", not the events of this run: " + expr);
            } else {
                report.add("ok " + panel + ": " + series.size() + " series, e.g. " + brief(series.get(0)));
            }
        }
        return problems;
    }

    private static List<String> checkRules(PrometheusServer server, List<Rule> rules, Instant at, List<String> report)
            throws Exception {
        Map<String, JsonNode> loaded = new LinkedHashMap<>();
        for (JsonNode group : server.api("/api/v1/rules").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                loaded.put(rule.path("name").asText(), rule);
            }
        }
        List<String> problems = new ArrayList<>();
        assertEquals(rules.stream().map(Rule::name).toList(), List.copyOf(loaded.keySet()), "the rules Prometheus loaded");
        for (Rule rule : rules) {
            JsonNode state = loaded.get(rule.name());
            if (!"ok".equals(state.path("health").asText()) || !state.path("lastError").asText().isEmpty()) {
                problems.add(rule.name() + ": health " + state.path("health").asText() + ", last error '"
                        + state.path("lastError").asText() + "'");
                continue;
            }
            String expectedState = EXPECTED_STATE.get(rule.name());
            if (expectedState != null && !expectedState.equals(state.path("state").asText())) {
                problems.add(rule.name() + ": state " + state.path("state").asText() + ", expected " + expectedState
                        + " after this run; alerts: " + state.path("alerts"));
            }
            if (NO_SERIES_HERE.containsKey(rule.name())) {
                report.add("rule " + rule.name() + ": health ok; no series needed (" + NO_SERIES_HERE.get(rule.name()) + ")");
                continue;
            }
            for (String part : CHECKED.getOrDefault(rule.name(), List.of(rule.expr()))) {
                if (!ObservabilityFiles.normalised(rule.expr()).contains(ObservabilityFiles.normalised(part))) {
                    problems.add(rule.name() + ": the checked part is not in its expression: " + part);
                    continue;
                }
                JsonNode series = server.query(part, at);
                if (series.isEmpty()) {
                    problems.add(rule.name() + ": no series for " + part);
                } else {
                    report.add("rule " + rule.name() + ": health ok, state " + state.path("state").asText("-") + "; "
                            + ObservabilityFiles.normalised(part) + " -> " + series.size() + " series, e.g. " + brief(series.get(0)));
                }
            }
        }
        return problems;
    }

    /** The gauge rose while jobs were out and is back to 0 once both runs reported. */
    private static void outstandingGaugeFollowedTheRun(PrometheusServer server, Duration run, Instant at) throws Exception {
        String peakQuery = "max_over_time(sum(plmlab_orchestrator_outstanding_jobs)[" + (run.toSeconds() + 5) + "s:1s])";
        double peak = value(server.query(peakQuery, at));
        double now = value(server.query("sum(plmlab_orchestrator_outstanding_jobs)", at));
        assertTrue(peak >= 1, "the outstanding-jobs gauge rose while jobs were out: " + peakQuery + " = " + peak);
        assertEquals(0.0, now, "nothing outstanding once both runs reported");
        System.out.println("plmlab_orchestrator_outstanding_jobs: peak " + peak + " during the runs, " + now + " at the end");
    }

    private static double value(JsonNode series) {
        assertEquals(1, series.size(), series.toString());
        return Double.parseDouble(series.get(0).path("value").path(1).asText());
    }

    private static String brief(JsonNode series) {
        return series.path("metric") + " = " + series.path("value").path(1).asText();
    }

    /** Grafana's variables as a dashboard over this run would set them; any other is an error here. */
    static String substitute(String expr, String window) {
        String out = expr.replace("$__rate_interval", window).replace("$__range", window).replace("$__interval", window);
        if (out.contains("$")) {
            throw new IllegalStateException("a dashboard variable this test does not know in: " + expr);
        }
        return out;
    }

    private static void awaitTargetsUp(PrometheusServer server, Instant scrapedAfter) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode targets = server.api("/api/v1/targets?state=active").path("activeTargets");
            Set<String> up = new TreeSet<>();
            List<String> states = new ArrayList<>();
            for (JsonNode t : targets) {
                String component = t.path("labels").path("app_kubernetes_io_component").asText();
                boolean fresh = !t.path("lastScrape").asText().startsWith("0001")
                        && Instant.parse(t.path("lastScrape").asText()).isAfter(scrapedAfter);
                if ("up".equals(t.path("health").asText()) && fresh) {
                    up.add(component);
                }
                states.add(component + " " + t.path("scrapeUrl").asText() + " " + t.path("health").asText() + " "
                        + t.path("lastError").asText());
            }
            if (up.equals(new TreeSet<>(LocalStack.SERVICES)) && targets.size() == LocalStack.SERVICES.size()) {
                return;
            }
            last = String.join("\n", states);
            Thread.sleep(250);
        }
        throw new AssertionError("not every service target is up (scraped after " + scrapedAfter + "):\n" + last);
    }

    private static void awaitRulesEvaluated(PrometheusServer server, Instant after, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int evaluated = 0;
            for (JsonNode group : server.api("/api/v1/rules").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String last = rule.path("lastEvaluation").asText();
                    if (!last.startsWith("0001") && Instant.parse(last).isAfter(after)) {
                        evaluated++;
                    }
                }
            }
            if (evaluated == count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not all " + count + " rules were evaluated after " + after + ": "
                + server.api("/api/v1/rules"));
    }

    /**
     * One static target per service, labelled as the chart's ServiceMonitor labels them in a cluster, so the
     * rules' selectors match; scraped and evaluated every second.
     */
    private static Path writeConfig(Path file, LocalStack stack) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: plmlab
                    metrics_path: /q/metrics
                    static_configs:
                """.formatted(ObservabilityFiles.RULES));
        for (String service : LocalStack.SERVICES) {
            yaml.append("""
                          - targets: ["127.0.0.1:%d"]
                            labels:
                              app_kubernetes_io_part_of: plmlab
                              app_kubernetes_io_component: %s
                    """.formatted(stack.service(service).httpPort(), service));
        }
        Files.writeString(file, yaml);
        return file;
    }

    private static String spec(String datasetFile) {
        return """
                name: prometheus-scrape
                tasks:
                  - name: small
                    file: %s
                    type: regression
                  - name: bad-residue
                    file: bad-residue.csv
                    type: regression
                models:
                  - family: one-hot
                  - family: esm2
                    checkpoint: %s
                    layers: last
                probes: [ridge]
                compute:
                  backend: local
                  token_budget: 512
                """.formatted(datasetFile, GOLDEN_ESM2);
    }

    /** The golden ESM-2 through the Triton (KServe v2) backend. */
    private static String tritonSpec(String datasetFile) {
        return """
                name: prometheus-scrape-triton
                tasks:
                  - name: small
                    file: %s
                    type: regression
                models:
                  - family: esm2
                    checkpoint: %s
                    layers: last
                probes: [ridge]
                compute:
                  backend: triton
                  token_budget: 512
                """.formatted(datasetFile, GOLDEN_ESM2);
    }

    /** 160 random 24-residue sequences, the target their alanine count plus noise: 120 train (24 validation), 40 test. */
    private static Path writeDataset(Path file, long seed) throws Exception {
        String letters = "ACDEFGHIKLMNPQRSTVWY";
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("sequence,target,set,validation\n");
        for (int i = 0; i < 160; i++) {
            StringBuilder seq = new StringBuilder();
            int alanines = 0;
            for (int j = 0; j < 24; j++) {
                char c = letters.charAt(random.nextInt(letters.length()));
                alanines += c == 'A' ? 1 : 0;
                seq.append(c);
            }
            csv.append(seq).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", alanines + random.nextGaussian() * 0.1))
                    .append(',').append(i < 120 ? "train" : "test").append(',').append(i < 120 && i % 5 == 0 ? "True" : "False")
                    .append('\n');
        }
        Files.writeString(file, csv);
        return file;
    }
}
