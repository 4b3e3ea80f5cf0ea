package dev.plmlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Grafana dashboard's queries and the Prometheus rules of observability/, as the files hold them. */
final class ObservabilityFiles {

    static final Path ROOT = Path.of(System.getProperty("plmlab.repo.root", "..")).toAbsolutePath().normalize();
    static final Path DASHBOARD = ROOT.resolve("observability/grafana/plmlab-overview.json");
    static final Path RULES = ROOT.resolve("observability/prometheus/plmlab-rules.yaml");

    private ObservabilityFiles() {
    }

    /** One target of one panel. */
    record PanelQuery(int panelId, String panel, String type, String refId, String expr) {
        @Override
        public String toString() {
            return "panel " + panelId + " '" + panel + "' " + refId;
        }
    }

    /** One alerting or recording rule. */
    record Rule(String group, String name, String expr) {
    }

    static List<PanelQuery> panelQueries() throws IOException {
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new PanelQuery(panel.path("id").asInt(), panel.path("title").asText(), panel.path("type").asText(),
                        target.path("refId").asText(), target.path("expr").asText()));
            }
        }
        return queries;
    }

    static List<Rule> rules() throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                rules.add(new Rule(group.path("name").asText(), name, rule.path("expr").asText()));
            }
        }
        return rules;
    }

    /** Whitespace as PromQL ignores it: runs collapsed, none just inside brackets, so two spellings compare equal. */
    static String normalised(String expr) {
        return expr.strip().replaceAll("\\s+", " ").replaceAll("([(\\[{]) ", "$1").replaceAll(" ([)\\]}])", "$1");
    }
}
