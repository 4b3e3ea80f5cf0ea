package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus rules parse, and query only metrics that exist: the
 * ones the services and libs/inference register (checked against their source) and Triton's nv_* metrics.
 * That the names are the ones Prometheus really scrapes, and that every query returns series, is
 * cli's PrometheusScrapeIT, on a real Prometheus.
 */
class ObservabilityTest {

    private static final String DASHBOARD = "observability/grafana/plmlab-overview.json";
    private static final String RULES = "observability/prometheus/plmlab-rules.yaml";

    /** Counters the services register, as Prometheus exposes them. */
    private static final Set<String> COUNTERS = Set.of("plmlab_jobs_total", "plmlab_bad_messages_total",
            "plmlab_experiments_total", "plmlab_embedding_cache_hits_total", "plmlab_embedding_shards_total",
            "plmlab_handler_errors_total", "plmlab_features_read_bytes_total", "plmlab_experiments_resumed_total",
            "plmlab_experiments_retried_total", "plmlab_forwarded_total", "plmlab_replies_ignored_total",
            "plmlab_dead_letters_total", "plmlab_parked_total", "plmlab_unparked_total", "plmlab_s3_retries_total",
            "plmlab_inference_tokens_total", "plmlab_inference_sequences_total", "plmlab_inference_retries_total",
            "plmlab_triton_model_loads_total", "plmlab_triton_model_unloads_total");
    /** Timers: Micrometer's Prometheus registry exposes _count, _sum, _max, and _bucket when a histogram is published. */
    private static final Set<String> TIMERS = Set.of("plmlab_job_seconds", "plmlab_inference_requests_seconds");
    /** Gauges, exposed under their name. */
    private static final Set<String> GAUGES = Set.of("plmlab_orchestrator_outstanding_jobs", "plmlab_orchestrator_jobs_held_back",
            "plmlab_inference_in_flight");
    /** Where meters are registered: the services, and the inference backends they run. */
    private static final List<String> SOURCES = List.of("services", "libs/inference");
    private static final Set<String> TIMER_SUFFIXES = Set.of("_count", "_sum", "_max", "_bucket");
    /** Prometheus' own per-target series, usable in alert rules. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");

    private static final Pattern REGISTERED = Pattern.compile("(?:registry\\.(counter|timer|gauge|summary)"
            + "|\\b(Timer|Counter|Gauge|DistributionSummary|FunctionCounter|FunctionTimer|TimeGauge)\\.builder)\\(\"([a-z0-9_:.]+)\"");
    /** A name handed to a helper that registers it (e.g. TritonServing's count(name, model)): already Prometheus'. */
    private static final Pattern NAME_LITERAL = Pattern.compile("\"(plmlab_[a-z0-9_]+)\"");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");

    @Test
    void theMetricListMatchesWhatTheServicesRegister() throws IOException {
        Set<String> registered = new TreeSet<>();
        for (String source : SOURCES) {
            try (Stream<Path> files = Files.walk(RepoFiles.resolve(source))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java")
                        && f.toString().contains("/src/main/java/"))::iterator) {
                    Matcher m = REGISTERED.matcher(Files.readString(file));
                    while (m.find()) {
                        registered.add(prometheusName(m.group(3), m.group(1) != null ? m.group(1) : m.group(2)));
                    }
                    Matcher literal = NAME_LITERAL.matcher(Files.readString(file));
                    while (literal.find()) {
                        registered.add(literal.group(1));
                    }
                }
            }
        }
        Set<String> known = new TreeSet<>(COUNTERS);
        known.addAll(TIMERS);
        known.addAll(GAUGES);
        assertEquals(known, registered, "metrics registered in " + SOURCES + " (*/src/main/java) vs the list this test (and"
                + " the dashboard and rules) know; update observability/ and this list together");
    }

    /**
     * The name Micrometer's Prometheus registry gives a meter: dots to underscores, _total on counters, _seconds on
     * timers (a counter's base unit is in these names already).
     */
    static String prometheusName(String meter, String kind) {
        String name = meter.replace('.', '_');
        return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
            case "counter", "functioncounter" -> name.endsWith("_total") ? name : name + "_total";
            case "timer", "functiontimer", "timegauge" -> name.endsWith("_seconds") ? name : name + "_seconds";
            default -> name;
        };
    }

    @Test
    void dashboardParsesAndEveryPanelHasAQuery() {
        JsonNode dashboard = readJson(DASHBOARD);
        assertEquals("plmlab-overview", dashboard.path("uid").asText());
        assertFalse(dashboard.path("title").asText().isBlank());
        Set<Integer> ids = new HashSet<>();
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel id used twice: " + panel.path("id"));
            assertTrue(panel.has("gridPos"), "panel without gridPos: " + panel.path("title"));
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertFalse(panel.path("targets").isEmpty(), "panel without a query: " + panel.path("title"));
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertFalse(expr.isBlank(), "empty query in " + panel.path("title"));
                assertTrue(PromQl.balanced(expr), "unbalanced brackets in " + panel.path("title") + ": " + expr);
                queried++;
            }
        }
        assertTrue(queried >= 10, "the overview should have its queries: " + queried);
    }

    @Test
    void dashboardQueriesOnlyMetricsThatExistAndShowsTheImportantOnes() {
        Map<String, Set<String>> byQuery = new LinkedHashMap<>();
        for (JsonNode panel : readJson(DASHBOARD).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                byQuery.put(panel.path("title").asText() + ": " + expr, PromQl.metricNames(expr));
            }
        }
        assertOnlyKnownMetrics(byQuery, false);

        Set<String> used = new TreeSet<>();
        byQuery.values().forEach(used::addAll);
        for (String wanted : List.of("plmlab_jobs_total", "plmlab_job_seconds_bucket", "plmlab_job_seconds_sum",
                "plmlab_job_seconds_count", "plmlab_embedding_cache_hits_total", "plmlab_bad_messages_total",
                "plmlab_experiments_total", "plmlab_embedding_shards_total", "plmlab_features_read_bytes_total",
                "nv_inference_request_success", "nv_inference_request_failure",
                "nv_inference_queue_duration_us", "plmlab_orchestrator_outstanding_jobs", "plmlab_orchestrator_jobs_held_back",
                "plmlab_inference_tokens_total",
                "plmlab_inference_sequences_total", "plmlab_inference_requests_seconds_bucket",
                "plmlab_inference_requests_seconds_count", "plmlab_inference_in_flight", "plmlab_s3_retries_total",
                "plmlab_inference_retries_total", "plmlab_triton_model_loads_total", "plmlab_triton_model_unloads_total")) {
            assertTrue(used.contains(wanted), "no panel shows " + wanted + "; used: " + used);
        }
    }

    @Test
    void alertRulesParseAndAreComplete() {
        JsonNode groups = readYaml(RULES).path("groups");
        assertFalse(groups.isEmpty(), "no rule groups");
        Set<String> alerts = new HashSet<>();
        for (JsonNode group : groups) {
            assertFalse(group.path("name").asText().isBlank(), "a group without a name");
            assertFalse(group.path("rules").isEmpty(), "empty group " + group.path("name"));
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                assertTrue(name.matches("[A-Z][A-Za-z0-9]+"), "alert name: '" + name + "'");
                assertTrue(alerts.add(name), "alert defined twice: " + name);
                String expr = rule.path("expr").asText();
                assertFalse(expr.isBlank(), name + ": no expr");
                assertTrue(PromQl.balanced(expr), name + ": unbalanced brackets");
                if (rule.has("for")) {
                    assertTrue(DURATION.matcher(rule.path("for").asText()).matches(), name + ": for " + rule.path("for"));
                }
                assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()),
                        name + ": severity must be warning or critical");
                for (String annotation : List.of("summary", "description")) {
                    String text = rule.path("annotations").path(annotation).asText();
                    assertFalse(text.isBlank(), name + ": no " + annotation);
                    assertEquals(count(text, "{{"), count(text, "}}"), name + ": unbalanced template in " + annotation);
                }
                Set<String> allowedKeys = Set.of("alert", "expr", "for", "labels", "annotations", "keep_firing_for");
                rule.fieldNames().forEachRemaining(k -> assertTrue(allowedKeys.contains(k), name + ": unknown rule field " + k));
            }
        }
        for (String wanted : List.of("PlmlabServiceDown", "PlmlabJobFailureRatioHigh", "PlmlabNoProgress", "PlmlabBadMessages",
                "PlmlabDeadLetters", "PlmlabMessagesParked", "PlmlabTritonDown")) {
            assertTrue(alerts.contains(wanted), "missing alert " + wanted);
        }
    }

    @Test
    void alertRulesQueryOnlyMetricsThatExist() {
        Map<String, Set<String>> byRule = new LinkedHashMap<>();
        for (JsonNode group : readYaml(RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                byRule.put(rule.path("alert").asText(), PromQl.metricNames(rule.path("expr").asText()));
            }
        }
        assertOnlyKnownMetrics(byRule, true);
    }

    /** The rules find plmlab's targets by app_kubernetes_io_part_of="plmlab": the chart's pods must carry that label. */
    @Test
    void theTargetLabelTheRulesSelectOnIsOnEveryPod() {
        assertTrue(RepoFiles.read(RULES).contains("app_kubernetes_io_part_of=\"plmlab\""));
        for (Deployment deployment : HelmChart.render(Map.of("triton.enabled", true)).all(Deployment.class)) {
            assertEquals("plmlab", deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    deployment.getMetadata().getName());
        }
    }

    private static void assertOnlyKnownMetrics(Map<String, Set<String>> metricsByWhere, boolean scrapeSeriesAllowed) {
        List<String> unknown = new ArrayList<>();
        metricsByWhere.forEach((where, names) -> names.stream()
                .filter(name -> !known(name, scrapeSeriesAllowed))
                .forEach(name -> unknown.add(name + " in " + where)));
        assertEquals(List.of(), unknown, "metrics nobody emits");
    }

    private static boolean known(String name, boolean scrapeSeriesAllowed) {
        if (COUNTERS.contains(name) || GAUGES.contains(name) || name.startsWith("nv_")
                || (scrapeSeriesAllowed && SCRAPE_SERIES.contains(name))) {
            return true;
        }
        return TIMERS.stream().anyMatch(t -> TIMER_SUFFIXES.stream().anyMatch(s -> name.equals(t + s)));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static JsonNode readJson(String path) {
        try {
            return new ObjectMapper().readTree(RepoFiles.read(path));
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    private static JsonNode readYaml(String path) {
        try {
            return new YAMLMapper().readTree(RepoFiles.read(path));
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }
}
