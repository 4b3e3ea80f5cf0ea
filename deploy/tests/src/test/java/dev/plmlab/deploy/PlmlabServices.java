package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.messages.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What every rendering of plmlab (the chart with any values, the plain manifests) must hold:
 * the checks are shared so the chart and k8s/ cannot drift apart on them.
 */
final class PlmlabServices {

    /** The service modules, named as in services/ and in the chart's values. */
    static final List<String> NAMES = List.of("orchestrator", "dataset-prep", "embedder", "probe-trainer", "reporter");

    private PlmlabServices() {
    }

    /** The service's HTTP port as its own application.properties sets it (quarkus.http.port). */
    static int portInProperties(String service) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(RepoFiles.read("services/" + service + "/src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    /** Where the services of a rendering should find Kafka and S3, and the Secret with the keys. */
    record Wiring(String prefix, String kafkaBootstrap, String s3Endpoint, String bucket, String secretName,
                  String accessKeyKey, String secretKeyKey) {
    }

    static void assertEveryService(Manifests manifests, Wiring wiring) {
        for (String service : NAMES) {
            assertService(manifests, service, wiring);
        }
    }

    static void assertService(Manifests manifests, String service, Wiring wiring) {
        String name = wiring.prefix() + "-" + service;
        Deployment deployment = manifests.get(Deployment.class, name);
        var podSpec = deployment.getSpec().getTemplate().getSpec();
        Container container = podSpec.getContainers().stream().filter(c -> c.getName().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no container named " + service));
        int port = portInProperties(service);

        ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no container port named http"));
        assertEquals(port, http.getContainerPort(), name + ": container port vs quarkus.http.port in application.properties");
        assertEquals(String.valueOf(port), env(container, "QUARKUS_HTTP_PORT"), name + ": QUARKUS_HTTP_PORT");

        assertProbe(container, container.getLivenessProbe(), "/q/health/live", port, name + " liveness");
        assertProbe(container, container.getReadinessProbe(), "/q/health/ready", port, name + " readiness");

        assertEquals(wiring.kafkaBootstrap(), env(container, "KAFKA_BOOTSTRAP_SERVERS"), name + ": KAFKA_BOOTSTRAP_SERVERS");
        assertEquals(wiring.s3Endpoint(), env(container, "PLMLAB_S3_ENDPOINT"), name + ": PLMLAB_S3_ENDPOINT");
        assertEquals(wiring.bucket(), env(container, "PLMLAB_S3_BUCKET"), name + ": PLMLAB_S3_BUCKET");
        assertSecretRef(container, "PLMLAB_S3_ACCESS_KEY", wiring.secretName(), wiring.accessKeyKey(), name);
        assertSecretRef(container, "PLMLAB_S3_SECRET_KEY", wiring.secretName(), wiring.secretKeyKey(), name);

        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()),
                name + ": the Deployment's selector does not match its own pods");

        Service svc = manifests.get(Service.class, name);
        assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()),
                name + ": the Service selects no pod of the Deployment");
        ServicePort servicePort = svc.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": Service has no port named http"));
        assertEquals(port, resolvePort(container, servicePort.getTargetPort()), name + ": Service targetPort");
    }

    /** The Secret the chart creates must carry both keys the pods refer to. */
    static void assertSecretHasKeys(Manifests manifests, Wiring wiring) {
        Secret secret = manifests.get(Secret.class, wiring.secretName());
        Map<String, String> data = secret.getStringData() != null ? secret.getStringData() : secret.getData();
        assertNotNull(data, "Secret " + wiring.secretName() + " is empty");
        assertTrue(data.containsKey(wiring.accessKeyKey()) && data.containsKey(wiring.secretKeyKey()),
                "Secret " + wiring.secretName() + " lacks " + wiring.accessKeyKey() + " or " + wiring.secretKeyKey() + ": " + data.keySet());
    }

    /** The topic Job creates exactly the topics of Topics.all(), passed as its container's arguments. */
    static void assertTopicsJob(Manifests manifests, String jobName, String kafkaBootstrap) {
        Job job = manifests.get(Job.class, jobName);
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(Topics.all().stream().sorted().toList(), container.getArgs().stream().sorted().toList(),
                jobName + " must create exactly Topics.all()");
        assertEquals(container.getArgs().size(), container.getArgs().stream().distinct().count(), jobName + ": a topic listed twice");
        String script = String.join("\n", container.getCommand());
        assertTrue(script.contains("kafka-topics.sh") && script.contains("--create") && script.contains("\"$@\""),
                jobName + ": the command does not create the topics given as arguments");
        assertEquals(kafkaBootstrap, env(container, "KAFKA_BOOTSTRAP_SERVERS"), jobName + ": KAFKA_BOOTSTRAP_SERVERS");
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
    }

    static void assertProbe(Container container, Probe probe, String path, int port, String what) {
        assertNotNull(probe, what + " probe missing");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, what + " probe is not an HTTP GET");
        assertEquals(path, get.getPath(), what + " path");
        assertEquals(port, resolvePort(container, get.getPort()), what + " port");
    }

    /** A port given by number or by the name of one of the container's ports. */
    static int resolvePort(Container container, IntOrString port) {
        assertNotNull(port, container.getName() + ": port missing");
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()));
    }

    /** The literal value of an env var; fails when it is missing or comes from elsewhere. */
    static String env(Container container, String name) {
        EnvVar var = findEnv(container, name);
        assertNotNull(var, container.getName() + ": env " + name + " missing");
        assertNotNull(var.getValue(), container.getName() + ": env " + name + " has no literal value");
        return var.getValue();
    }

    static EnvVar findEnv(Container container, String name) {
        List<EnvVar> env = container.getEnv() == null ? List.of() : container.getEnv();
        List<EnvVar> matches = env.stream().filter(e -> e.getName().equals(name)).toList();
        assertFalse(matches.size() > 1, container.getName() + ": env " + name + " set twice");
        return matches.isEmpty() ? null : matches.get(0);
    }

    static void assertSecretRef(Container container, String envName, String secretName, String key, String what) {
        EnvVar var = findEnv(container, envName);
        assertNotNull(var, what + ": env " + envName + " missing");
        assertTrue(var.getValue() == null || var.getValue().isEmpty(), what + ": " + envName + " must not be a literal");
        assertNotNull(var.getValueFrom(), what + ": " + envName + " has no valueFrom");
        var ref = var.getValueFrom().getSecretKeyRef();
        assertNotNull(ref, what + ": " + envName + " does not come from a Secret");
        assertEquals(secretName, ref.getName(), what + ": " + envName + " Secret name");
        assertEquals(key, ref.getKey(), what + ": " + envName + " Secret key");
    }
}
