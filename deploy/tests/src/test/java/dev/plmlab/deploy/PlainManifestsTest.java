package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/: the plain manifests (the chart rendered with k8s/plmlab/values-kind.yaml), the local
 * Kafka and MinIO they point at, and the kind script.
 *
 * <p>Regenerate k8s/plmlab/plmlab.yaml after a chart change with
 * {@code ./mvnw -pl deploy/tests verify -Dtest=PlainManifestsTest -Dplmlab.deploy.regenerate=true}
 * (or helm template, see k8s/README.md).
 */
class PlainManifestsTest {

    static final String PLAIN = "k8s/plmlab/plmlab.yaml";
    static final String KIND_VALUES = "k8s/plmlab/values-kind.yaml";
    static final String HEADER = """
            # GENERATED: helm/plmlab rendered with k8s/plmlab/values-kind.yaml (release plmlab,
            # namespace plmlab). Do not edit; change the chart or the values and regenerate:
            #   helm template plmlab helm/plmlab -n plmlab -f k8s/plmlab/values-kind.yaml > k8s/plmlab/plmlab.yaml
            # or, without a helm CLI:
            #   ./mvnw -pl deploy/tests verify -Dtest=PlainManifestsTest -Dplmlab.deploy.regenerate=true
            # deploy/tests fails while this file and the chart disagree.
            """;

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final PlmlabServices.Wiring KIND_WIRING = new PlmlabServices.Wiring("plmlab", "kafka:9092",
            "http://minio:9000", "plmlab", "plmlab-s3", "access-key", "secret-key");

    @BeforeAll
    static void regenerateWhenAsked() throws IOException {
        if (Boolean.getBoolean("plmlab.deploy.regenerate")) {
            Files.writeString(RepoFiles.resolve(PLAIN), HEADER + HelmChart.template(RepoFiles.resolve(KIND_VALUES)));
        }
    }

    @Test
    void plainManifestsAreTheChartRenderedWithTheKindValues() {
        Map<String, String> plain = byKindAndName(Manifests.parse(RepoFiles.read(PLAIN)));
        Map<String, String> chart = byKindAndName(Manifests.parse(HelmChart.template(RepoFiles.resolve(KIND_VALUES))));
        assertEquals(chart.keySet(), plain.keySet(), PLAIN + " is stale: regenerate it (see its header)");
        chart.forEach((key, json) -> assertEquals(json, plain.get(key), PLAIN + " is stale at " + key + ": regenerate it (see its header)"));
    }

    @Test
    void plainManifestsRunEveryServiceAgainstTheLocalKafkaAndMinio() {
        Manifests manifests = Manifests.parse(RepoFiles.read(PLAIN));
        assertEquals(List.of(), manifests.unknownFields(), "fields the Kubernetes API does not know");
        PlmlabServices.assertEveryService(manifests, KIND_WIRING);
        PlmlabServices.assertSecretHasKeys(manifests, KIND_WIRING);
        PlmlabServices.assertTopicsJob(manifests, "plmlab-kafka-topics", "kafka:9092");
        for (Deployment deployment : manifests.all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("Never", container.getImagePullPolicy(), deployment.getMetadata().getName() + ": kind-up.sh loads the images");
        }
    }

    @Test
    void infraManifestsParseAndServeWhatTheKindValuesExpect() throws IOException {
        Manifests infra = Manifests.parse(String.join("\n---\n",
                RepoFiles.read("k8s/infra/namespace.yaml"), RepoFiles.read("k8s/infra/kafka.yaml"), RepoFiles.read("k8s/infra/minio.yaml")));
        assertEquals(List.of(), infra.unknownFields(), "fields the Kubernetes API does not know");

        JsonNode values = new YAMLMapper().readTree(RepoFiles.read(KIND_VALUES));
        // Kafka: the Service the services' bootstrap names, and a broker that advertises that address
        String[] bootstrap = values.path("kafka").path("bootstrapServers").asText().split(":");
        Service kafka = infra.get(Service.class, bootstrap[0]);
        assertTrue(kafka.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == Integer.parseInt(bootstrap[1])));
        Container broker = infra.get(StatefulSet.class, "kafka").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("PLAINTEXT://" + bootstrap[0] + ":" + bootstrap[1], PlmlabServices.env(broker, "KAFKA_ADVERTISED_LISTENERS"));
        assertEquals("false", PlmlabServices.env(broker, "KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "topics come from the chart's Job");
        assertEquals(22, PlmlabServices.env(broker, "CLUSTER_ID").length(), "a Kafka cluster id is 16 bytes in base64 (22 characters)");
        assertEquals(Boolean.FALSE, infra.get(StatefulSet.class, "kafka").getSpec().getTemplate().getSpec().getEnableServiceLinks(),
                "a Service named kafka would inject KAFKA_PORT into the broker's config");

        // MinIO: the Service the endpoint names, with the credentials the chart's Secret carries
        java.net.URI endpoint = java.net.URI.create(values.path("s3").path("endpoint").asText());
        Service minio = infra.get(Service.class, endpoint.getHost());
        assertTrue(minio.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == endpoint.getPort()));
        Map<String, String> root = infra.get(Secret.class, "minio-root").getStringData();
        assertEquals(values.path("s3").path("accessKey").asText(), root.get("MINIO_ROOT_USER"));
        assertEquals(values.path("s3").path("secretKey").asText(), root.get("MINIO_ROOT_PASSWORD"));
        String bucketJob = String.join("\n", infra.get(io.fabric8.kubernetes.api.model.batch.v1.Job.class, "minio-create-bucket")
                .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertTrue(bucketJob.contains("local/" + values.path("s3").path("bucket").asText()), bucketJob);
    }

    @Test
    void kustomizationsListFilesThatExist() throws IOException {
        for (String dir : List.of("k8s/infra", "k8s/plmlab")) {
            JsonNode kustomization = new YAMLMapper().readTree(RepoFiles.read(dir + "/kustomization.yaml"));
            assertEquals("plmlab", kustomization.path("namespace").asText(), dir);
            assertTrue(kustomization.path("resources").size() > 0, dir);
            for (JsonNode resource : kustomization.path("resources")) {
                assertTrue(Files.isRegularFile(RepoFiles.resolve(dir + "/" + resource.asText())), dir + " lists a missing " + resource.asText());
            }
        }
    }

    @Test
    void kindScriptBuildsEveryServiceAndUsesFilesThatExist() {
        Path script = RepoFiles.resolve("k8s/kind-up.sh");
        assertTrue(Files.isExecutable(script), "k8s/kind-up.sh must be executable");
        String text = RepoFiles.read("k8s/kind-up.sh");
        assertTrue(text.startsWith("#!/usr/bin/env bash\n"), "shebang");
        assertTrue(text.contains("set -euo pipefail"), "the script must stop at the first failing step");
        assertTrue(text.contains("services=(" + String.join(" ", PlmlabServices.NAMES) + ")"), "the script must build every service");
        for (String used : List.of("k8s/infra", "k8s/plmlab", "k8s/plmlab/values-kind.yaml", "helm/plmlab")) {
            assertTrue(text.contains("$repo_root/" + used), "kind-up.sh does not use " + used);
            assertTrue(Files.exists(RepoFiles.resolve(used)), used + " missing");
        }
        assertTrue(imageBuild().contains("$repo_root/k8s/Dockerfile.service"), "the images are not built from k8s/Dockerfile.service");
    }

    /**
     * What builds kind-up.sh's service images: the script itself, and deploy/images/build-images.sh
     * when it hands the build to that script.
     */
    static String imageBuild() {
        String kindUp = RepoFiles.read("k8s/kind-up.sh");
        String builder = "deploy/images/build-images.sh";
        return kindUp.contains("$repo_root/" + builder) ? kindUp + "\n" + RepoFiles.read(builder) : kindUp;
    }

    /** Every object as JSON, keyed by kind/name; Helm hook annotations (only helm itself acts on them) left out. */
    private static Map<String, String> byKindAndName(Manifests manifests) {
        return manifests.objects.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> JSON.asJson(withoutHookAnnotations(o)), (a, b) -> {
                    throw new AssertionError("duplicate object");
                }, TreeMap::new));
    }

    private static HasMetadata withoutHookAnnotations(HasMetadata object) {
        HasMetadata copy = JSON.clone(object);
        Map<String, String> annotations = copy.getMetadata().getAnnotations();
        if (annotations != null) {
            annotations.keySet().removeIf(k -> k.startsWith("helm.sh/hook"));
            if (annotations.isEmpty()) {
                copy.getMetadata().setAnnotations(null);
            }
        }
        return copy;
    }
}
