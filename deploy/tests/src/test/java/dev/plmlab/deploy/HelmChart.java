package dev.plmlab.deploy;

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
                // under the module's target/, so that mvn clean removes it
                Path buildDir = Files.createDirectories(Path.of("target"));
                Path copy = Files.createTempDirectory(buildDir, "chart-hooks-as-resources").resolve("plmlab");
                Path source = chartDir();
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Path target = copy.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else if (file.getParent().getFileName().toString().equals("templates")) {
                            String text = Files.readString(file).lines()
                                    .filter(l -> !l.strip().startsWith("helm.sh/hook"))
                                    .collect(Collectors.joining("\n", "", "\n"));
                            Files.writeString(target, text);
                        } else {
                            Files.copy(file, target);
                        }
                    }
                }
                hooksAsResources = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hooksAsResources;
    }
}
