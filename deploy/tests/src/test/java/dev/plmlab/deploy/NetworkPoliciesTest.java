package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.deploy.Workloads.Pod;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** NetworkPolicies: default deny for every plmlab pod, then only what each component needs, with selectors that match the pods. */
class NetworkPoliciesTest {

    private static final String DENY = "plmlab-default-deny-ingress";

    @Test
    void offByDefault() {
        assertTrue(HelmChart.render(Rendering.defaults()).all(NetworkPolicy.class).isEmpty());
    }

    @Test
    void everyPodIsDeniedIngressByDefaultAndHasExactlyOnePolicyOfItsOwn() {
        for (Rendering rendering : List.of(ChartRenderings.NETWORK_POLICY, ChartRenderings.EVERYTHING, Rendering.profile(ChartRenderings.GPU))) {
            Manifests manifests = HelmChart.render(rendering);
            NetworkPolicy deny = manifests.get(NetworkPolicy.class, DENY);
            assertEquals(List.of("Ingress"), deny.getSpec().getPolicyTypes());
            assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty(), "the default deny allows nothing");
            List<NetworkPolicy> own = manifests.all(NetworkPolicy.class).stream().filter(p -> !p.getMetadata().getName().equals(DENY)).toList();
            List<Pod> pods = Workloads.pods(manifests);
            for (Pod pod : pods) {
                assertTrue(Selectors.matches(deny.getSpec().getPodSelector(), pod.labels()), rendering + ": " + pod.workload() + " escapes the default deny");
                List<String> selecting = own.stream().filter(p -> Selectors.matches(p.getSpec().getPodSelector(), pod.labels()))
                        .map(p -> p.getMetadata().getName()).toList();
                assertEquals(List.of("plmlab-" + pod.component()), selecting, rendering + ": policies of " + pod.workload());
            }
            for (NetworkPolicy policy : own) {
                assertTrue(pods.stream().anyMatch(p -> Selectors.matches(policy.getSpec().getPodSelector(), p.labels())),
                        rendering + ": " + policy.getMetadata().getName() + " selects no pod");
            }
        }
    }

    @Test
    void onlyTheEmbedderReachesTritonOnItsKServePorts() {
        Manifests manifests = HelmChart.render(ChartRenderings.NETWORK_POLICY);
        List<Pod> pods = Workloads.pods(manifests);
        Pod triton = component(pods, "triton");
        Pod embedder = component(pods, "embedder");
        Map<String, Integer> tritonPorts = Workloads.container(manifests, "triton").getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));

        NetworkPolicy policy = manifests.get(NetworkPolicy.class, "plmlab-triton");
        List<NetworkPolicyIngressRule> kserve = policy.getSpec().getIngress().stream()
                .filter(r -> ports(r.getPorts()).contains(tritonPorts.get("http"))).toList();
        assertEquals(1, kserve.size(), "one rule opens Triton's HTTP port");
        NetworkPolicyIngressRule rule = kserve.get(0);
        assertEquals(Set.of(tritonPorts.get("http"), tritonPorts.get("grpc")), ports(rule.getPorts()));
        for (Pod pod : pods) {
            boolean allowed = rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() == null
                    && Selectors.matches(peer.getPodSelector(), pod.labels()));
            assertEquals(pod.component().equals("embedder"), allowed, pod.workload() + " and Triton's KServe ports");
        }

        NetworkPolicyEgressRule toTriton = egress(manifests, "embedder").stream()
                .filter(r -> r.getTo() != null && r.getTo().stream().anyMatch(p -> Selectors.matches(p.getPodSelector(), triton.labels())))
                .findFirst().orElseThrow(() -> new AssertionError("the embedder may not reach Triton"));
        assertEquals(Set.of(8000, 8001), ports(toTriton.getPorts()));
        assertFalse(Selectors.matches(toTriton.getTo().get(0).getPodSelector(), embedder.labels()));
    }

    @Test
    void metricsAreScrapedFromTheConfiguredPeersOnEachPodsMetricsPort() {
        Manifests manifests = HelmChart.render(ChartRenderings.NETWORK_POLICY);
        for (Pod pod : Workloads.pods(manifests)) {
            Map<String, String> annotations = pod.template().getMetadata().getAnnotations();
            String metricsPort = annotations == null ? null : annotations.get("prometheus.io/port");
            if (metricsPort == null) {
                continue;
            }
            NetworkPolicyIngressRule scrape = manifests.get(NetworkPolicy.class, "plmlab-" + pod.component()).getSpec().getIngress().stream()
                    .filter(r -> r.getFrom().stream().anyMatch(p -> p.getNamespaceSelector() != null)).findFirst()
                    .orElseThrow(() -> new AssertionError(pod.workload() + " cannot be scraped"));
            assertEquals(Set.of(Integer.parseInt(metricsPort)), ports(scrape.getPorts()), pod.workload());
            assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"), scrape.getFrom().get(0).getNamespaceSelector().getMatchLabels());
        }
        List<NetworkPolicyIngressRule> orchestrator = manifests.get(NetworkPolicy.class, "plmlab-orchestrator").getSpec().getIngress();
        assertTrue(orchestrator.stream().anyMatch(r -> r.getFrom().stream().anyMatch(p -> p.getPodSelector() != null
                && Map.of("app", "lab-portal").equals(p.getPodSelector().getMatchLabels())) && ports(r.getPorts()).equals(Set.of(8080))),
                "networkPolicy.orchestratorApiFrom may call the orchestrator's API");
    }

    @Test
    void egressGoesToDnsKafkaS3AndTheCatalogueOnlyWhereNeeded() {
        Manifests manifests = HelmChart.render(ChartRenderings.NETWORK_POLICY);
        for (Pod pod : Workloads.pods(manifests)) {
            String component = pod.component();
            List<NetworkPolicyEgressRule> rules = egress(manifests, component);
            Set<String> allowed = new TreeSet<>();
            for (NetworkPolicyEgressRule rule : rules) {
                for (NetworkPolicyPort port : rule.getPorts()) {
                    allowed.add(port.getProtocol() + "/" + port.getPort().getIntVal());
                }
            }
            Set<String> expected = new TreeSet<>(List.of("UDP/53", "TCP/53"));
            if (!component.equals("triton") && !component.equals("forge")) {
                expected.add("TCP/9092"); // kafka:9092
            }
            if (!component.equals("kafka-topics")) {
                expected.add("TCP/9000"); // http://minio:9000
            }
            if (component.equals("embedder") || component.equals("forge")) {
                expected.add("TCP/443"); // official checkpoint downloads
            }
            if (component.equals("embedder")) {
                expected.addAll(List.of("TCP/8000", "TCP/8001"));
            }
            assertEquals(expected, allowed, pod.workload() + " egress");
        }
    }

    @Test
    void kafkaEgressFollowsTheBrokersWhereverTheyAre() {
        // Strimzi: to the cluster's broker pods, which Strimzi labels with the cluster name and the broker role
        Manifests strimzi = HelmChart.render(ChartRenderings.EVERYTHING);
        String cluster = strimzi.custom(CustomResources.Kafka.class).get(0).metadata().name();
        Map<String, String> brokerPod = Map.of("strimzi.io/cluster", cluster, "strimzi.io/broker-role", "true",
                "strimzi.io/kind", "Kafka", "strimzi.io/pool-name", "plmlab-brokers");
        NetworkPolicyEgressRule toKafka = egress(strimzi, "embedder").stream().filter(r -> ports(r.getPorts()).contains(9092)).findFirst()
                .orElseThrow();
        assertTrue(Selectors.matches(toKafka.getTo().get(0).getPodSelector(), brokerPod), toKafka.toString());
        assertTrue(toKafka.getTo().get(0).getNamespaceSelector() == null, "the brokers are in the release's namespace");

        // external brokers: their own port, to the configured addresses
        Manifests external = HelmChart.render(Rendering.profile(ChartRenderings.EXTERNAL));
        NetworkPolicyEgressRule toBrokers = egress(external, "orchestrator").stream().filter(r -> ports(r.getPorts()).contains(9096))
                .findFirst().orElseThrow(() -> new AssertionError("no egress to the brokers' port 9096"));
        assertEquals("10.0.0.0/16", toBrokers.getTo().get(0).getIpBlock().getCidr());
        assertTrue(egress(external, "orchestrator").stream().anyMatch(r -> ports(r.getPorts()).equals(Set.of(443))), "S3 over https");
    }

    @Test
    void theMirrorsPortIsOpenedForTheEmbedder() {
        Manifests manifests = HelmChart.render(Map.of("networkPolicy.enabled", true, "catalogue.mirror", "http://mirror.lab:8081/esm"));
        assertTrue(egress(manifests, "embedder").stream().anyMatch(r -> ports(r.getPorts()).contains(8081)));
    }

    @Test
    void ingressOnlyLeavesEgressOpen() {
        Manifests manifests = HelmChart.render(ChartRenderings.NETWORK_POLICY_INGRESS_ONLY);
        for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
            assertFalse(policy.getSpec().getPolicyTypes().contains("Egress"), policy.getMetadata().getName());
            assertTrue(policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty(), policy.getMetadata().getName());
        }
        assertTrue(manifests.find(NetworkPolicy.class, "plmlab-embedder").isPresent(), "the metrics ingress rule remains");
    }

    private static Pod component(List<Pod> pods, String component) {
        return pods.stream().filter(p -> component.equals(p.component())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + component + " pod"));
    }

    private static List<NetworkPolicyEgressRule> egress(Manifests manifests, String component) {
        NetworkPolicy policy = manifests.get(NetworkPolicy.class, "plmlab-" + component);
        assertTrue(policy.getSpec().getPolicyTypes().contains("Egress"), policy.getMetadata().getName() + " restricts no egress");
        return policy.getSpec().getEgress();
    }

    private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
    }
}
