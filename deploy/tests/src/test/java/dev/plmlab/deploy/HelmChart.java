package dev.plmlab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * helm lint and helm template of helm/plmlab through helm-java (helm's Go library over JNA, no
 * CLI needed).
 *
 * <p>helm-java's template returns the release manifest only, without hooks, where the helm CLI
 * prints hooks too. So rendering goes through a copy of the chart whose {@code helm.sh/hook*}
 * annotation lines are removed: the hook resources (the Kafka topic Job) then come out as the
 * plain resources {@code helm template} would show, and the tests can check them.
 * {@link #hookAnnotations} reads the annotations from the real template.
 */
final class HelmChart {

    static final String RELEASE = "plmlab";
    static final String NAMESPACE = "plmlab";

    private static final Map<Map<String, Object>, String> RENDERED = new ConcurrentHashMap<>();
    private static final Map<Rendering, String> RENDERED_PROFILES = new ConcurrentHashMap<>();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static volatile Path hooksAsResources;

    private HelmChart() {
    }

    static Path chartDir() {
        return RepoFiles.resolve("helm/plmlab");
    }

    static LintResult lint() {
        return new Helm(chartDir()).lint().strict().call();
    }

    /** Renders the chart as release "plmlab" with the given --set values (hooks included); cached per value set. */
    static String template(Map<String, Object> sets) {
        return RENDERED.computeIfAbsent(new LinkedHashMap<>(sets), s -> {
            TemplateCommand command = new Helm(chartWithHooksAsResources()).template().withName(RELEASE).withNamespace(NAMESPACE);
            s.forEach(command::set);
            return command.call();
        });
    }

    /** Renders the chart with a values file (hooks included). */
    static String template(Path valuesFile) {
        return new Helm(chartWithHooksAsResources()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(valuesFile).call();
    }

    static Manifests render(Map<String, Object> sets) {
        return Manifests.parse(template(sets));
    }

    /** Renders the chart with a rendering's values files and values (hooks included); cached. */
    static String template(Rendering rendering) {
        return RENDERED_PROFILES.computeIfAbsent(rendering, r -> {
            TemplateCommand command = new Helm(chartWithHooksAsResources()).template().withName(RELEASE).withNamespace(NAMESPACE);
            r.valuesFiles().forEach(f -> command.withValuesFile(RepoFiles.resolve(f)));
            if (!r.values().isBlank()) {
                command.withValuesFile(write(buildDir().resolve("values-" + safe(r.name()) + ".yaml"), r.values()));
            }
            return command.call();
        });
    }

    static Manifests render(Rendering rendering) {
        return Manifests.parse(template(rendering));
    }

    /**
     * helm lint --strict of the chart installed with a rendering's values. helm-java's lint takes no
     * values files, so it lints a copy of the chart whose values.yaml is the chart's merged with them,
     * as helm merges -f files (maps key by key, anything else replaced, null removes).
     */
    static LintResult lint(Rendering rendering) {
        try {
            Path chart = copy(chartDir(), Files.createTempDirectory(buildDir(), "lint-" + safe(rendering.name()) + "-").resolve("plmlab"),
                    false);
            JsonNode values = YAML.readTree(chart.resolve("values.yaml").toFile());
            for (String file : rendering.valuesFiles()) {
                values = merge(values, YAML.readTree(RepoFiles.resolve(file).toFile()));
            }
            if (!rendering.values().isBlank()) {
                values = merge(values, YAML.readTree(rendering.values()));
            }
            YAML.writeValue(chart.resolve("values.yaml").toFile(), values);
            return new Helm(chart).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** helm's merge of values: over's maps merged into base's key by key, other values replacing, null deleting. */
    static JsonNode merge(JsonNode base, JsonNode over) {
        if (over == null || over.isMissingNode()) {
            return base;
        }
        if (!(base instanceof ObjectNode baseObject) || !over.isObject()) {
            return over.deepCopy();
        }
        ObjectNode result = baseObject.deepCopy();
        over.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        });
        return result;
    }

    private static Path buildDir() {
        try {
            // under the module's target/, so that mvn clean removes it
            return Files.createDirectories(Path.of("target", "helm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a chart folder; with stripHooks, the helm.sh/hook* lines of its templates are left out. */
    private static Path copy(Path source, Path copy, boolean stripHooks) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (stripHooks && file.getParent().getFileName().toString().equals("templates")) {
                    String text = Files.readString(file).lines()
                            .filter(l -> !l.strip().startsWith("helm.sh/hook"))
                            .collect(Collectors.joining("\n", "", "\n"));
                    Files.writeString(target, text);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /** The helm.sh/hook* annotation lines of a template of the real chart, as "key: value". */
    static Map<String, String> hookAnnotations(String template) {
        return RepoFiles.read("helm/plmlab/templates/" + template).lines().map(String::strip)
                .filter(l -> l.startsWith("helm.sh/hook"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).strip()
                        .replace("\"", "")));
    }

    private static synchronized Path chartWithHooksAsResources() {
        if (hooksAsResources == null) {
            try {
                hooksAsResources = copy(chartDir(), Files.createTempDirectory(buildDir(), "chart-hooks-as-resources").resolve("plmlab"), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hooksAsResources;
    }
}
