package dev.plmlab.deploy;

import static dev.plmlab.deploy.PlmlabServices.env;
import static dev.plmlab.deploy.PlmlabServices.findEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka credentials (SASL) and the brokers' CA come from existing Secrets into every Kafka client. */
class KafkaSecurityTest {

    @Test
    void saslSslReachesEveryServiceAndTheTopicJob() {
        Manifests manifests = HelmChart.render(ChartRenderings.KAFKA_SASL);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertSaslSsl(container, "lab-kafka-user", "user", "pass", "SCRAM-SHA-256", "ca.pem");
            assertCaMounted(deployment.getSpec().getTemplate().getSpec(), container, "lab-kafka-ca", "ca.pem");
        }
        Job topics = manifests.get(Job.class, "plmlab-kafka-topics");
        Container job = Workloads.jobContainer(topics);
        assertSaslSsl(job, "lab-kafka-user", "user", "pass", "SCRAM-SHA-256", "ca.pem");
        assertCaMounted(topics.getSpec().getTemplate().getSpec(), job, "lab-kafka-ca", "ca.pem");
        String script = String.join("\n", job.getCommand());
        for (String setting : List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location")) {
            assertTrue(script.contains(setting + "=$"), "the topic Job's client config lacks " + setting);
        }
        assertEquals(3, script.split("--command-config", -1).length - 1, "every kafka-topics.sh call signs in");
    }

    @Test
    void plaintextSetsNoSecuritySettings() {
        Container embedder = Workloads.container(HelmChart.render(Rendering.defaults()), "embedder");
        for (String name : List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_JAAS_CONFIG", "SASL_PASSWORD", "KAFKA_SSL_TRUSTSTORE_LOCATION")) {
            assertNull(findEnv(embedder, name), name + " with kafka.security.protocol=PLAINTEXT");
        }
    }

    @Test
    void plainMechanismUsesThePlainLoginModule() {
        Container embedder = Workloads.container(HelmChart.render(Map.of("kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.security.sasl.mechanism", "PLAIN", "kafka.security.sasl.existingSecret", "lab-kafka-user")), "embedder");
        assertTrue(env(embedder, "KAFKA_SASL_JAAS_CONFIG").startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required"));
        assertNull(findEnv(embedder, "KAFKA_SSL_TRUSTSTORE_LOCATION"), "no TLS with SASL_PLAINTEXT");
    }

    @Test
    void saslWithoutASecretIsAClearError() {
        Exception error = assertThrows(Exception.class, () -> HelmChart.template(Map.of("kafka.security.protocol", "SASL_SSL")));
        assertTrue(error.getMessage().contains("kafka.security.protocol=SASL_SSL needs kafka.security.sasl.existingSecret"), error.getMessage());
    }

    /** The password never appears in the manifest: the JAAS line expands the Secret-backed SASL_PASSWORD, defined before it. */
    static void assertSaslSsl(Container container, String secret, String userKey, String passwordKey, String mechanism, String caKey) {
        String what = container.getName();
        assertEquals("SASL_SSL", env(container, "KAFKA_SECURITY_PROTOCOL"), what);
        assertEquals(mechanism, env(container, "KAFKA_SASL_MECHANISM"), what);
        PlmlabServices.assertSecretRef(container, "SASL_USERNAME", secret, userKey, what);
        PlmlabServices.assertSecretRef(container, "SASL_PASSWORD", secret, passwordKey, what);
        String jaas = env(container, "KAFKA_SASL_JAAS_CONFIG");
        assertTrue(jaas.startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required"), what + ": " + jaas);
        assertTrue(jaas.contains("username=\"$(SASL_USERNAME)\"") && jaas.contains("password=\"$(SASL_PASSWORD)\"") && jaas.endsWith(";"),
                what + ": " + jaas);
        List<String> names = container.getEnv().stream().map(e -> e.getName()).toList();
        assertTrue(names.indexOf("SASL_PASSWORD") < names.indexOf("KAFKA_SASL_JAAS_CONFIG"),
                what + ": Kubernetes expands $(VAR) only from variables defined earlier");
        assertEquals("PEM", env(container, "KAFKA_SSL_TRUSTSTORE_TYPE"), what);
        assertTrue(env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION").endsWith("/" + caKey), what);
    }

    static void assertCaMounted(PodSpec pod, Container container, String secret, String key) {
        String location = env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION");
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> location.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + ": nothing mounted at " + location));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getSecret(), container.getName() + ": the CA volume is not a Secret");
        assertEquals(secret, volume.getSecret().getSecretName());
        assertEquals(location.substring(mount.getMountPath().length() + 1), volume.getSecret().getItems().get(0).getPath());
        assertEquals(key, volume.getSecret().getItems().get(0).getKey());
    }
}
