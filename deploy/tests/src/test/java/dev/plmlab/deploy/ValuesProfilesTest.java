package dev.plmlab.deploy;

import static dev.plmlab.deploy.PlmlabServices.env;
import static dev.plmlab.deploy.PlmlabServices.findEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each values profile in helm/plmlab promises in its comments. */
class ValuesProfilesTest {

    @Test
    void cpuOnlyRunsOnnxRuntimeInTheEmbedderWithItsThreadsMatchingTheCpuRequest() {
        Manifests manifests = HelmChart.render(Rendering.profile(ChartRenderings.CPU_ONLY));
        assertTrue(manifests.find(Deployment.class, "plmlab-triton").isEmpty(), "cpu-only has no Triton");
        Container embedder = Workloads.container(manifests, "embedder");
        assertNull(findEnv(embedder, "PLMLAB_EMBEDDER_TRITON_URL"), "cpu-only: the embedder must not call a Triton");
        Quantity cpu = embedder.getResources().getRequests().get("cpu");
        assertEquals(Quantity.getAmountInBytes(cpu).intValue(), Integer.parseInt(env(embedder, "PLMLAB_EMBEDDER_THREADS")),
                "ONNX Runtime threads vs the CPU request");
        PlmlabServices.assertEveryService(manifests, new PlmlabServices.Wiring("plmlab", "kafka:9092", "http://minio:9000", "plmlab",
                "plmlab-s3", "access-key", "secret-key"));
    }

    @Test
    void gpuRunsTritonOnAGpuInExplicitModeWithTheEmbedderPointedAtIt() {
        Manifests manifests = HelmChart.render(Rendering.profile(ChartRenderings.GPU));
        Container triton = Workloads.container(manifests, "triton");
        assertEquals(new Quantity("1"), triton.getResources().getLimits().get("nvidia.com/gpu"));
        assertTrue(triton.getArgs().contains("--model-control-mode=explicit"), triton.getArgs()::toString);
        assertTrue(Workloads.deployment(manifests, "triton").getSpec().getTemplate().getSpec().getTolerations().stream()
                .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())), "Triton tolerates the GPU nodes' taint");
        Container embedder = Workloads.container(manifests, "embedder");
        assertEquals("http://plmlab-triton:8000", env(embedder, "PLMLAB_EMBEDDER_TRITON_URL"));
        assertEquals("explicit", env(embedder, "PLMLAB_EMBEDDER_TRITON_MODEL_CONTROL"));
        assertTrue(manifests.find(NetworkPolicy.class, "plmlab-triton").isPresent(), "the gpu profile turns the NetworkPolicies on");
    }

    /** External Kafka over SASL_SSL and S3 from existing Secrets: the chart creates no Secret and every client uses the given ones. */
    @Test
    void externalUsesTheExistingBrokersBucketAndSecrets() {
        Manifests manifests = HelmChart.render(Rendering.profile(ChartRenderings.EXTERNAL));
        assertEquals(List.of(), manifests.all(Secret.class), "credentials come from existing Secrets only");
        String brokers = "b-1.kafka.example.internal:9096,b-2.kafka.example.internal:9096,b-3.kafka.example.internal:9096";
        PlmlabServices.assertEveryService(manifests, new PlmlabServices.Wiring("plmlab", brokers,
                "https://s3.eu-west-1.amazonaws.com", "plmlab-lab-store", "plmlab-s3", "access-key", "secret-key"));
        for (String service : PlmlabServices.NAMES) {
            KafkaSecurityTest.assertSaslSsl(Workloads.container(manifests, service), "plmlab-kafka-user", "username", "password",
                    "SCRAM-SHA-512", "ca.crt");
        }
        Job topics = manifests.get(Job.class, "plmlab-kafka-topics");
        assertEquals(brokers, env(Workloads.jobContainer(topics), "KAFKA_BOOTSTRAP_SERVERS"));
        KafkaSecurityTest.assertSaslSsl(Workloads.jobContainer(topics), "plmlab-kafka-user", "username", "password", "SCRAM-SHA-512", "ca.crt");
    }
}
