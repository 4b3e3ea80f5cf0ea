package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.deploy.CustomResources.ScaledObject;
import dev.plmlab.deploy.CustomResources.SecretTarget;
import dev.plmlab.deploy.CustomResources.Trigger;
import dev.plmlab.deploy.CustomResources.TriggerAuthentication;
import dev.plmlab.model.messages.Topics;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** keda.enabled: the embedder scales on its consumer group's lag on the embedding requests, and KEDA owns its replicas. */
class KedaTest {

    @Test
    void scalesTheEmbedderDeploymentOnItsConsumerLag() throws IOException {
        Manifests manifests = HelmChart.render(ChartRenderings.KEDA);
        List<ScaledObject> scaled = manifests.custom(ScaledObject.class);
        assertEquals(1, scaled.size());
        ScaledObject object = scaled.get(0);
        Deployment embedder = Workloads.deployment(manifests, "embedder");
        assertEquals("apps/v1", object.spec().scaleTargetRef().apiVersion());
        assertEquals("Deployment", object.spec().scaleTargetRef().kind());
        assertEquals(embedder.getMetadata().getName(), object.spec().scaleTargetRef().name());
        assertEquals(1, object.spec().minReplicaCount());
        assertEquals(6, object.spec().maxReplicaCount());

        Trigger trigger = object.spec().triggers().get(0);
        assertEquals("kafka", trigger.type());
        Properties properties = new Properties();
        properties.load(new StringReader(RepoFiles.read("services/embedder/src/main/resources/application.properties")));
        assertEquals(properties.getProperty("kafka.group.id"), trigger.metadata().consumerGroup(), "the embedder's consumer group");
        assertEquals(Topics.EMBEDDINGS_REQUESTS, trigger.metadata().topic());
        assertEquals(PlmlabServices.env(Workloads.container(manifests, "embedder"), "KAFKA_BOOTSTRAP_SERVERS"), trigger.metadata().bootstrapServers());
        assertEquals(2, Integer.parseInt(trigger.metadata().lagThreshold()));
        assertNull(trigger.authenticationRef(), "PLAINTEXT needs no TriggerAuthentication");
    }

    @Test
    void theDeploymentLeavesItsReplicasToKeda() {
        assertNull(Workloads.deployment(HelmChart.render(ChartRenderings.KEDA), "embedder").getSpec().getReplicas(),
                "with KEDA the Deployment must not set replicas, or every upgrade resets KEDA's count");
        assertEquals(1, Workloads.deployment(HelmChart.render(ChartRenderings.KEDA), "reporter").getSpec().getReplicas());
        assertEquals(1, Workloads.deployment(HelmChart.render(Rendering.defaults()), "embedder").getSpec().getReplicas());
        assertTrue(HelmChart.render(Rendering.defaults()).customResources().isEmpty(), "KEDA is off by default");
    }

    @Test
    void saslCredentialsComeFromTheSameSecrets() {
        Manifests manifests = HelmChart.render(ChartRenderings.KAFKA_SASL);
        Trigger trigger = manifests.custom(ScaledObject.class).get(0).spec().triggers().get(0);
        assertEquals("scram_sha256", trigger.metadata().sasl());
        assertEquals("enable", trigger.metadata().tls());
        assertNotNull(trigger.authenticationRef());
        TriggerAuthentication auth = manifests.custom(TriggerAuthentication.class).get(0);
        assertEquals(trigger.authenticationRef().name(), auth.metadata().name());
        assertEquals(List.of(new SecretTarget("username", "lab-kafka-user", "user"), new SecretTarget("password", "lab-kafka-user", "pass"),
                new SecretTarget("ca", "lab-kafka-ca", "ca.pem")), auth.spec().secretTargetRef());
    }

    @Test
    void moreReplicasThanPartitionsIsRefused() {
        Exception error = assertThrows(Exception.class, () -> HelmChart.template(Map.of("keda.enabled", true, "keda.maxReplicas", 8)));
        assertTrue(error.getMessage().contains("keda.maxReplicas (8) is more than kafka.topics.partitions (6)"), error.getMessage());
    }
}
