package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm lint and helm template of helm/plmlab, the output parsed into typed objects and checked. */
class HelmChartTest {

    private static final String PREFIX = HelmChart.RELEASE; // release "plmlab": resources are plmlab-<service>
    private static final PlmlabServices.Wiring DEFAULT_WIRING = new PlmlabServices.Wiring(PREFIX, "kafka:9092",
            "http://minio:9000", "plmlab", "plmlab-s3", "access-key", "secret-key");
    private static final Map<String, Object> TRITON = Map.of("triton.enabled", true);

    @Test
    void lintPassesWithDefaultValues() {
        assertLintClean(HelmChart.lint(), "default values");
    }

    /** helm-java's lint takes no --set: lint a copy of the chart whose values.yaml turns Triton and the ServiceMonitor on. */
    @Test
    void lintPassesWithTritonEnabled(@TempDir Path tmp) throws IOException {
        Path chart = copyChart(tmp);
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode values = (ObjectNode) yaml.readTree(chart.resolve("values.yaml").toFile());
        ((ObjectNode) values.get("triton")).put("enabled", true);
        ((ObjectNode) values.get("metrics").get("serviceMonitor")).put("enabled", true);
        yaml.writeValue(chart.resolve("values.yaml").toFile(), values);

        assertLintClean(new Helm(chart).lint().strict().call(), "triton.enabled=true");
    }

    @Test
    void defaultRenderingWiresEveryServiceToKafkaAndS3() {
        Manifests manifests = HelmChart.render(Map.of());

        assertEquals(List.of(), manifests.unknownFields(), "fields the Kubernetes API does not know");
        PlmlabServices.assertEveryService(manifests, DEFAULT_WIRING);
        PlmlabServices.assertSecretHasKeys(manifests, DEFAULT_WIRING);
        assertEquals(PlmlabServices.NAMES.size(), manifests.all(Deployment.class).size(), "one Deployment per service, nothing else");
        for (Deployment deployment : manifests.all(Deployment.class)) {
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"), deployment.getMetadata().getName());
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"), deployment.getMetadata().getName());
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(String.valueOf(container.getPorts().get(0).getContainerPort()), annotations.get("prometheus.io/port"));
            assertNull(PlmlabServices.findEnv(container, "PLMLAB_EMBEDDER_TRITON_URL"), "no Triton URL while Triton is off");
        }
        assertTrue(manifests.generic("ServiceMonitor").isEmpty(), "ServiceMonitor is off by default");
    }

    @Test
    void topicJobCreatesExactlyTheTopicsOfTheCodeBeforeInstall() {
        Manifests manifests = HelmChart.render(Map.of());
        String jobName = PREFIX + "-kafka-topics";

        PlmlabServices.assertTopicsJob(manifests, jobName, "kafka:9092");
        Map<String, String> hook = HelmChart.hookAnnotations("kafka-topics-job.yaml");
        assertEquals(List.of("pre-install", "pre-upgrade"), List.of(hook.get("helm.sh/hook").split(",")),
                "topics must exist before the services start, and new topics be added before an upgrade");

        assertTrue(HelmChart.render(Map.of("kafka.topics.create", false)).all(Job.class).isEmpty(),
                "kafka.topics.create=false renders no Job");
    }

    @Test
    void tritonIsAbsentByDefault() {
        Manifests manifests = HelmChart.render(Map.of());
        assertTrue(manifests.find(Deployment.class, PREFIX + "-triton").isEmpty());
        assertTrue(manifests.find(Service.class, PREFIX + "-triton").isEmpty());
    }

    @Test
    void tritonEnabledGetsAGpuTheS3ModelRepositoryAndHealthProbes() {
        Manifests manifests = HelmChart.render(TRITON);
        assertEquals(List.of(), manifests.unknownFields(), "fields the Kubernetes API does not know");
        PlmlabServices.assertEveryService(manifests, DEFAULT_WIRING);

        Deployment triton = manifests.get(Deployment.class, PREFIX + "-triton");
        Container container = triton.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertNotNull(limits, "Triton has no limits");
        assertEquals(new Quantity("1"), limits.get("nvidia.com/gpu"), "Triton must be limited to one GPU by default");

        assertTrue(container.getArgs().contains("--model-repository=s3://minio:9000/plmlab/triton-models"), container.getArgs()::toString);
        assertEquals(1, container.getArgs().stream().filter(a -> a.startsWith("--model-repository=")).count());
        PlmlabServices.assertSecretRef(container, "AWS_ACCESS_KEY_ID", "plmlab-s3", "access-key", "triton");
        PlmlabServices.assertSecretRef(container, "AWS_SECRET_ACCESS_KEY", "plmlab-s3", "secret-key", "triton");

        Map<String, Integer> ports = container.getPorts().stream()
                .collect(java.util.stream.Collectors.toMap(p -> p.getName(), p -> p.getContainerPort()));
        assertEquals(Map.of("http", 8000, "grpc", 8001, "metrics", 8002), ports);
        PlmlabServices.assertProbe(container, container.getReadinessProbe(), "/v2/health/ready", 8000, "triton readiness");
        PlmlabServices.assertProbe(container, container.getLivenessProbe(), "/v2/health/live", 8000, "triton liveness");
        assertEquals("8002", triton.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));

        Service service = manifests.get(Service.class, PREFIX + "-triton");
        assertEquals(List.of(8000, 8001, 8002), service.getSpec().getPorts().stream().map(ServicePort::getPort).toList());
        assertTrue(triton.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(service.getSpec().getSelector().entrySet()), "the Triton Service selects no Triton pod");
    }

    @Test
    void embedderIsPointedAtTheTritonServiceWhenEnabled() {
        Manifests manifests = HelmChart.render(TRITON);
        Container embedder = manifests.get(Deployment.class, PREFIX + "-embedder").getSpec().getTemplate().getSpec().getContainers().get(0);
        Service triton = manifests.get(Service.class, PREFIX + "-triton");
        int httpPort = triton.getSpec().getPorts().stream().filter(p -> p.getName().equals("http")).findFirst().orElseThrow().getPort();

        assertEquals("http://" + triton.getMetadata().getName() + ":" + httpPort,
                PlmlabServices.env(embedder, "PLMLAB_EMBEDDER_TRITON_URL"));
        for (String other : List.of("orchestrator", "dataset-prep", "probe-trainer", "reporter")) {
            Container container = manifests.get(Deployment.class, PREFIX + "-" + other).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertNull(PlmlabServices.findEnv(container, "PLMLAB_EMBEDDER_TRITON_URL"), other + " does not call Triton");
        }
    }

    @Test
    void gpuCountAndModelRepositoryFollowTheValues() {
        Manifests manifests = HelmChart.render(Map.of("triton.enabled", true, "triton.gpus", 2,
                "s3.endpoint", "https://s3.eu-west-1.amazonaws.com", "s3.bucket", "lab-store"));
        Container container = manifests.get(Deployment.class, PREFIX + "-triton").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(new Quantity("2"), container.getResources().getLimits().get("nvidia.com/gpu"));
        assertTrue(container.getArgs().contains("--model-repository=s3://https://s3.eu-west-1.amazonaws.com:443/lab-store/triton-models"),
                container.getArgs()::toString);
    }

    @Test
    void existingSecretReplacesTheChartsSecret() {
        Manifests manifests = HelmChart.render(Map.of("s3.existingSecret", "lab-s3", "triton.enabled", true,
                "s3.existingSecretKeys.accessKey", "AWS_ACCESS_KEY_ID", "s3.existingSecretKeys.secretKey", "AWS_SECRET_ACCESS_KEY"));
        assertTrue(manifests.all(Secret.class).isEmpty(), "no Secret when s3.existingSecret is set");
        PlmlabServices.assertEveryService(manifests, new PlmlabServices.Wiring(PREFIX, "kafka:9092", "http://minio:9000",
                "plmlab", "lab-s3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
        Container triton = manifests.get(Deployment.class, PREFIX + "-triton").getSpec().getTemplate().getSpec().getContainers().get(0);
        PlmlabServices.assertSecretRef(triton, "AWS_ACCESS_KEY_ID", "lab-s3", "AWS_ACCESS_KEY_ID", "triton");
    }

    @Test
    void kafkaAndS3SettingsReachEveryService() {
        Manifests manifests = HelmChart.render(Map.of("kafka.bootstrapServers", "broker-0.kafka:9092,broker-1.kafka:9092",
                "s3.endpoint", "http://object-store.storage:9000", "s3.bucket", "lab"));
        PlmlabServices.assertEveryService(manifests, new PlmlabServices.Wiring(PREFIX, "broker-0.kafka:9092,broker-1.kafka:9092",
                "http://object-store.storage:9000", "lab", "plmlab-s3", "access-key", "secret-key"));
        PlmlabServices.assertTopicsJob(manifests, PREFIX + "-kafka-topics", "broker-0.kafka:9092,broker-1.kafka:9092");
    }

    @Test
    void serviceMonitorsScrapeEveryServiceAndTriton() {
        Manifests manifests = HelmChart.render(Map.of("metrics.serviceMonitor.enabled", true, "triton.enabled", true));
        List<GenericKubernetesResource> monitors = manifests.generic("ServiceMonitor");
        assertEquals(2, monitors.size(), "one ServiceMonitor for the services, one for Triton");

        GenericKubernetesResource services = monitors.stream().filter(m -> m.getMetadata().getName().equals(PREFIX + "-services"))
                .findFirst().orElseThrow();
        Map<String, Object> spec = services.get("spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> expressions = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("selector")).get("matchExpressions");
        assertEquals(PlmlabServices.NAMES.stream().sorted().toList(),
                ((List<?>) expressions.get(0).get("values")).stream().map(Object::toString).sorted().toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        assertEquals("http", endpoint.get("port"));
        assertEquals("/q/metrics", endpoint.get("path"));
        // the alert rules select targets by these labels
        assertEquals(List.of("app.kubernetes.io/component", "app.kubernetes.io/part-of"), spec.get("podTargetLabels"));
    }

    @Test
    void missingKafkaBootstrapIsAClearError() {
        Exception error = assertThrows(Exception.class, () -> HelmChart.template(Map.of("kafka.bootstrapServers", "")));
        assertTrue(error.getMessage().contains("kafka.bootstrapServers is required"), error.getMessage());
    }

    /** values.schema.json: a misspelt or mistyped value fails the install instead of being ignored. */
    @Test
    void theValuesSchemaRejectsTyposAndWrongTypes() {
        for (Map<String, Object> wrong : List.of(Map.<String, Object>of("triton.enabeld", true),
                Map.<String, Object>of("triton.gpus", "one"),
                Map.<String, Object>of("s3.endpoint", "minio:9000"),
                Map.<String, Object>of("services.embedder.replica", 2),
                Map.<String, Object>of("keda.enable", true),
                Map.<String, Object>of("networkPolicy.egress.kafka.port", 9092),
                Map.<String, Object>of("triton.unloadIdle", "15m"),
                Map.<String, Object>of("kafka.security.protocol", "TLS"),
                Map.<String, Object>of("kafka.strimzi.storage.sizee", "1Gi"),
                Map.<String, Object>of("services.reporter.pdb.minAvailable", 1, "services.reporter.pdb.maxUnavailable", 1))) {
            Exception error = assertThrows(Exception.class, () -> HelmChart.template(wrong), wrong::toString);
            assertTrue(error.getMessage().contains("values don't meet the specifications of the schema"), error.getMessage());
        }
    }

    @Test
    void replicasAndImagesFollowTheValues() {
        Manifests manifests = HelmChart.render(Map.of("services.embedder.replicas", 4, "images.registry", "ghcr.io/lab",
                "images.tag", "1.2.3", "services.reporter.image.tag", "9.9.9", "services.reporter.enabled", false));
        Deployment embedder = manifests.get(Deployment.class, PREFIX + "-embedder");
        assertEquals(4, embedder.getSpec().getReplicas());
        assertEquals("ghcr.io/lab/plmlab/embedder:1.2.3", embedder.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertTrue(manifests.find(Deployment.class, PREFIX + "-reporter").isEmpty(), "services.reporter.enabled=false");
        assertEquals("Recreate", manifests.get(Deployment.class, PREFIX + "-orchestrator").getSpec().getStrategy().getType(),
                "the default rollout replaces the orchestrator rather than running two during it");
    }

    /**
     * Quarkus maps an env var onto a setting by upper-casing it and turning every other
     * character into "_": each PLMLAB_* variable the chart sets must be the env form of a
     * setting the service reads (a @ConfigMapping interface's keys or a @ConfigProperty in its or
     * the support module's code, or a key of its application.properties or the support module's
     * microprofile-config.properties); a renamed setting otherwise goes unnoticed.
     */
    @Test
    void everyPlmlabEnvVarIsASettingTheServiceReads() throws IOException {
        // every option on: Triton (its repository, model control, idle unload) and the catalogue settings included
        Manifests manifests = HelmChart.render(ChartRenderings.EVERYTHING);
        java.util.regex.Pattern configProperty = java.util.regex.Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
        for (String service : PlmlabServices.NAMES) {
            java.util.Set<String> settings = new java.util.TreeSet<>();
            for (String module : List.of("services/" + service, "services/support")) {
                Path sources = RepoFiles.resolve(module + "/src/main");
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        String text = Files.readString(file);
                        String fileName = file.getFileName().toString();
                        if (fileName.endsWith(".java")) {
                            java.util.regex.Matcher m = configProperty.matcher(text);
                            while (m.find()) {
                                settings.add(m.group(1));
                            }
                            settings.addAll(configMappingKeys(text));
                        } else if (fileName.equals("application.properties") || fileName.equals("microprofile-config.properties")) {
                            java.util.Properties properties = new java.util.Properties();
                            properties.load(new java.io.StringReader(text));
                            properties.stringPropertyNames().forEach(settings::add);
                        }
                    }
                }
            }
            java.util.Set<String> envForms = new java.util.TreeSet<>();
            settings.forEach(k -> envForms.add(k.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT)));
            Container container = manifests.get(Deployment.class, PREFIX + "-" + service).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            for (var env : container.getEnv()) {
                if (env.getName().startsWith("PLMLAB_")) {
                    assertTrue(envForms.contains(env.getName()), service + " reads no setting " + env.getName() + "; it reads " + settings);
                }
            }
        }
    }

    /** The JVM flags the code relies on reach the containers: the chart's JAVA_OPTS_APPEND, which replaces the image's. */
    @Test
    void probeTrainerGetsTheVectorModuleAndEmbedderALargeStack() {
        for (Manifests manifests : List.of(HelmChart.render(Map.of()), HelmChart.render(TRITON))) {
            for (String service : PlmlabServices.NAMES) {
                List<String> flags = javaOpts(manifests, service);
                assertTrue(flags.contains("-XX:MaxRAMPercentage=75.0"), service + ": the heap must follow the memory limit: " + flags);
                int vector = flags.indexOf("jdk.incubator.vector");
                assertEquals(service.equals("probe-trainer"), vector > 0 && flags.get(vector - 1).equals("--add-modules"),
                        service + ": --add-modules jdk.incubator.vector (the ridge's SIMD kernels) is for the probe-trainer: " + flags);
                assertEquals(service.equals("embedder"), flags.contains("-Xss64m"),
                        service + ": -Xss64m (ONNX Runtime session setup) is for the embedder: " + flags);
            }
        }
        List<String> overridden = javaOpts(HelmChart.render(Map.of("podDefaults.javaOpts", "-XX:MaxRAMPercentage=60.0",
                "services.probe-trainer.javaOpts", "--add-modules jdk.incubator.vector -XX:+UseParallelGC")), "probe-trainer");
        assertEquals(List.of("-XX:MaxRAMPercentage=60.0", "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"), overridden);
    }

    /** The image build (k8s/kind-up.sh, or the deploy/images script it calls) bakes the same per-service JVM flags into the images as the chart passes. */
    @Test
    void imagesAreBuiltWithTheChartsServiceJvmFlags() {
        String script = PlainManifestsTest.imageBuild();
        assertTrue(script.contains("--build-arg SERVICE_JAVA_OPTS="), "the image build does not pass SERVICE_JAVA_OPTS");
        assertTrue(RepoFiles.read("k8s/Dockerfile.service").contains("${SERVICE_JAVA_OPTS}"), "the image ignores SERVICE_JAVA_OPTS");
        Manifests manifests = HelmChart.render(Map.of());
        String defaults = "-XX:MaxRAMPercentage=75.0";
        for (String service : PlmlabServices.NAMES) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*" + java.util.regex.Pattern.quote(service)
                    + "\\)\\s*echo\\s+\"([^\"]*)\"").matcher(script);
            String baked = m.find() ? m.group(1) : "";
            String chart = String.join(" ", javaOpts(manifests, service));
            assertEquals(chart, (defaults + " " + baked).trim(), service + ": the image build's service_java_opts vs the chart's javaOpts");
        }
    }

    private static List<String> javaOpts(Manifests manifests, String service) {
        Container container = manifests.get(Deployment.class, PREFIX + "-" + service).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        return List.of(PlmlabServices.env(container, "JAVA_OPTS_APPEND").trim().split("\\s+"));
    }

    /**
     * The keys of a {@code @ConfigMapping(prefix = "...")} interface: the prefix, then each
     * abstract method's name in kebab case (SmallRye's default naming). A method returning an
     * interface nested in the same file is a group: its methods' keys go under the method's name.
     */
    static List<String> configMappingKeys(String source) {
        java.util.regex.Matcher prefix = java.util.regex.Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"")
                .matcher(source);
        if (!prefix.find()) {
            return List.of();
        }
        Map<String, String> groups = new java.util.HashMap<>();
        StringBuilder top = new StringBuilder(source);
        java.util.regex.Matcher nested = java.util.regex.Pattern.compile("(?m)^[ \\t]+(?:public\\s+)?(?:static\\s+)?interface\\s+(\\w+)[^{]*\\{")
                .matcher(source);
        int removed = 0;
        while (nested.find()) {
            int depth = 1;
            int i = nested.end();
            while (depth > 0 && i < source.length()) {
                char c = source.charAt(i++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            groups.put(nested.group(1), source.substring(nested.end(), i - 1));
            top.delete(nested.start() - removed, i - removed);
            removed += i - nested.start();
        }
        List<String> keys = new java.util.ArrayList<>();
        for (String[] method : methods(top.toString())) {
            String key = prefix.group(1) + "." + kebab(method[1]);
            String group = groups.get(method[0]);
            if (group == null) {
                keys.add(key);
            } else {
                methods(group).forEach(inner -> keys.add(key + "." + kebab(inner[1])));
            }
        }
        return keys;
    }

    /** The abstract methods of an interface body, as {return type, name}. */
    private static List<String[]> methods(String body) {
        java.util.regex.Matcher method = java.util.regex.Pattern.compile("(?m)^\\s+([\\w.<>?, \\[\\]]+?)\\s+(\\w+)\\(\\);").matcher(body);
        List<String[]> found = new java.util.ArrayList<>();
        while (method.find()) {
            found.add(new String[] {method.group(1).trim(), method.group(2)});
        }
        return found;
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void configMappingKeysAreKebabCase() {
        assertEquals(List.of("plmlab.embedder.model-cache", "plmlab.embedder.triton-url"), configMappingKeys("""
                @ConfigMapping(prefix = "plmlab.embedder")
                public interface EmbedderConfig {
                    /** Doc. */
                    @WithDefault("x")
                    Path modelCache();

                    Optional<URI> tritonUrl();
                }
                """));
        assertEquals(List.of("plmlab.embedder.threads", "plmlab.embedder.triton.repository-prefix",
                "plmlab.embedder.triton.unload-idle", "plmlab.embedder.work-dir"), configMappingKeys("""
                @ConfigMapping(prefix = "plmlab.embedder")
                public interface EmbedderConfig {
                    int threads();

                    Triton triton();

                    interface Triton {
                        @WithDefault("triton-models")
                        String repositoryPrefix();

                        Duration unloadIdle();
                    }

                    Optional<Path> workDir();
                }
                """));
    }

    private static void assertLintClean(LintResult result, String what) {
        assertFalse(result.isFailed(), what + ": " + result.getMessages());
        List<String> problems = result.getMessages().stream().filter(m -> m.contains("[ERROR]") || m.contains("[WARNING]")).toList();
        assertEquals(List.of(), problems, what);
    }

    private static Path copyChart(Path target) throws IOException {
        Path source = HelmChart.chartDir();
        Path chart = target.resolve("plmlab");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = chart.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return chart;
    }
}
